import assert from 'node:assert/strict';
import { removeCliBundle, runCli, tempFile } from './run-cli';

// Root hook: the bundle is shared by every CLI test file in this run; delete it once at the end.
after(removeCliBundle);

describe('CLI: entra-zendesk scope', function () {
  this.timeout(30_000);

  it('prints the verdict and each clause for a user out of scope, exit 0', () => {
    const run = runCli(['scope', '--filter', 'filters/sales-only.json', '--user', 'users/bob-support-two-roles.json']);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.equal(
      run.stdout,
      [
        'OUT OF SCOPE: User did not pass scoping filter "Sales only"',
        '  ✗ scoping filter "Sales only"',
        '      ✗ department EQUALS "Sales": value "sales" → false (case-sensitive)',
        '      ✓ jobTitle IS NOT NULL: value "Support Engineer" → true',
        '',
      ].join('\n'),
    );
  });

  it('prints IN SCOPE for a matching user, exit 0', () => {
    const run = runCli(['scope', '--filter', 'filters/sales-only.json', '--user', 'users/jane-sales-agent.json']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^IN SCOPE: Passed scope filter "Sales only"\n/);
  });

  it('applies the null rule to empty attributes', () => {
    const run = runCli(['scope', '--filter', 'filters/sales-only.json', '--user', 'users/zoe-no-title.json']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /✗ jobTitle IS NOT NULL: value "" → false/);
  });

  it('ORs groups: the second group can bring a user in scope', () => {
    const run = runCli(['scope', '--filter', 'filters/sales-or-contoso-employees.json', '--user', 'users/zoe-no-title.json', '--json']);
    assert.equal(run.status, 0);
    const result = JSON.parse(run.stdout) as { inScope: boolean; groups: Array<{ passed: boolean }> };
    assert.equal(result.inScope, true);
    assert.deepEqual(result.groups.map((g) => g.passed), [true, true]);
  });

  it('--json prints one JSON document with verdict, clauses and warnings', () => {
    const run = runCli(['scope', '--filter', 'filters/sales-only.json', '--user', 'users/bob-support-two-roles.json', '--json']);
    assert.equal(run.status, 0);
    assert.equal(run.stdout.trim().split('\n').length, 1);
    assert.deepEqual(JSON.parse(run.stdout), {
      inScope: false,
      verdict: 'User did not pass scoping filter "Sales only"',
      groups: [
        {
          name: 'Sales only',
          passed: false,
          clauses: [
            {
              operatorName: 'EQUALS',
              sourceOperandName: 'department',
              values: ['Sales'],
              passed: false,
              explanation: 'department EQUALS "Sales": value "sales" → false (case-sensitive)',
            },
            {
              operatorName: 'IS NOT NULL',
              sourceOperandName: 'jobTitle',
              values: [],
              passed: true,
              explanation: 'jobTitle IS NOT NULL: value "Support Engineer" → true',
            },
          ],
        },
      ],
      warnings: [],
    });
  });

  it('rejects an invalid filter with every error and its JSON path, exit 2', () => {
    const run = runCli(['scope', '--filter', 'filters/invalid.json', '--user', 'users/jane-sales-agent.json']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines[0], '--filter file "filters/invalid.json" is not a valid scoping filter:');
    assert.match(lines[1], /^ {2}error at \$\.groups\[0\]\.clauses\[0\]\.operatorName: "Less_Than" is not a documented scoping operator/);
    assert.match(lines[2], /^ {2}error at \$\.groups\[0\]\.clauses\[1\]\.targetOperand\.values\[0\]: invalid \.NET regex "\(\[a-z\]\+"/);
    assert.match(lines[3], /^ {2}error at \$\.groups\[0\]\.clauses\[2\]\.targetOperand\.values\[0\]: .*"1e6" is not an integer/);
    assert.match(lines[4], /^ {2}error at \$\.groups\[0\]\.clauses\[3\]\.targetOperand\.values: "IS NULL" takes no value/);
  });

  it('prints warnings on stderr but still evaluates, exit 0', () => {
    const filter = tempFile('amp.json', JSON.stringify({
      groups: [{ name: 'Listed', clauses: [{ operatorName: '&', sourceOperandName: 'department', targetOperand: { values: ['Sales,Support'] } }] }],
    }));
    try {
      const run = runCli(['scope', '--filter', filter.file, '--user', 'users/jane-sales-agent.json']);
      assert.equal(run.status, 0);
      assert.match(run.stderr, /warning at \$\.groups\[0\]\.clauses\[0\]\.operatorName: Microsoft doesn't document what "&" does/);
      assert.match(run.stdout, /✓ department & "Sales,Support": value "Sales" → true \(semantics not documented\)/);
    } finally {
      filter.remove();
    }
  });

  describe('bad input files, exit 2', () => {
    it('a missing filter file', () => {
      const run = runCli(['scope', '--filter', 'filters/nope.json', '--user', 'users/jane-sales-agent.json']);
      assert.equal(run.status, 2);
      assert.equal(run.stderr, '--filter file "filters/nope.json": no such file\n');
    });

    it('a user file with invalid JSON, with line and column', () => {
      const user = tempFile('user.json', '{\n  "department": "Sales",\n}\n');
      try {
        const run = runCli(['scope', '--filter', 'filters/sales-only.json', '--user', user.file]);
        assert.equal(run.status, 2);
        assert.equal(run.stderr, `--user file "${user.file}": invalid JSON at line 3, column 1: property name expected\n`);
      } finally {
        user.remove();
      }
    });

    it('a user file that is not an object', () => {
      const user = tempFile('user.json', '["Sales"]');
      try {
        const run = runCli(['scope', '--filter', 'filters/sales-only.json', '--user', user.file]);
        assert.equal(run.status, 2);
        assert.match(run.stderr, /expected a JSON object of attributes like \{"department": "Sales"\}, found a list/);
      } finally {
        user.remove();
      }
    });

    it('a user attribute that is a nested object', () => {
      const user = tempFile('user.json', '{"manager": {"id": "1"}}');
      try {
        const run = runCli(['scope', '--filter', 'filters/sales-only.json', '--user', user.file]);
        assert.equal(run.status, 2);
        assert.match(run.stderr, /attribute "manager": expected a string, number, Boolean, null or a list of strings, found an object/);
      } finally {
        user.remove();
      }
    });

    it('a missing required option', () => {
      const run = runCli(['scope', '--filter', 'filters/sales-only.json']);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /required option '--user <file>' not specified/);
    });
  });
});
