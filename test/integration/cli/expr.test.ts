import assert from 'node:assert/strict';
import { removeCliBundle, runCli, tempFile, type CliRun } from './run-cli';

// Root hook: the bundle is shared by every CLI test file in this run; delete it once at the end.
after(removeCliBundle);

/** A successful run: exit 0, nothing on stderr, one JSON line on stdout. */
function jsonResult(run: CliRun): unknown {
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
  assert.match(run.stdout, /^[^\n]+\n$/, 'exactly one line of output');
  return JSON.parse(run.stdout);
}

describe('CLI: entra-zendesk expr', function () {
  this.timeout(30_000);

  describe('results', () => {
    it('prints {"value", "flow"} as one JSON line (reference E01)', () => {
      const run = runCli(['expr', 'Append([userPrincipalName], ".test")', '--attr', 'userPrincipalName=John.Doe@contoso.com']);
      assert.equal(run.stdout, '{"value":"John.Doe@contoso.com.test","flow":true}\n');
      assert.equal(run.stderr, '');
      assert.equal(run.status, 0);
    });

    it('repeats --attr, keeps "=" inside values, and treats values as strings', () => {
      const run = runCli(['expr', 'Join(" ", [givenName], [surname], [note], [n])', '--attr', 'givenName=John', '--attr', 'surname=Doe', '--attr', 'note=a=b', '--attr', 'n=007']);
      assert.deepEqual(jsonResult(run), { value: 'John Doe a=b 007', flow: true });
    });

    it('reads --user files, multi-valued attributes as JSON arrays', () => {
      assert.deepEqual(jsonResult(runCli(['expr', '[proxyAddresses]', '--user', 'users/jane-sales-agent.json'])), {
        value: ['SMTP:jane.doe@contoso.com', 'smtp:jdoe@contoso.com'],
        flow: true,
      });
      assert.deepEqual(jsonResult(runCli(['expr', 'Count([proxyAddresses])', '--user', 'users/jane-sales-agent.json'])), { value: '2', flow: true });
      assert.deepEqual(jsonResult(runCli(['expr', 'SingleAppRoleAssignment([appRoleAssignments])', '--user', 'users/jane-sales-agent.json'])), {
        value: 'Agent',
        flow: true,
      });
    });

    it('reads appRoleAssignments given as {id, displayName} objects', () => {
      const user = tempFile('user.json', JSON.stringify({ appRoleAssignments: [{ id: 'r1', displayName: 'Agent', value: 'agent' }] }));
      try {
        assert.deepEqual(jsonResult(runCli(['expr', 'SingleAppRoleAssignment([appRoleAssignments])', '--user', user.file])), {
          value: 'Agent',
          flow: true,
        });
      } finally {
        user.remove();
      }
    });

    it('--attr overrides the --user file', () => {
      const run = runCli(['expr', '[department]', '--user', 'users/jane-sales-agent.json', '--attr', 'department=Support']);
      assert.deepEqual(jsonResult(run), { value: 'Support', flow: true });
    });

    it('says why a value does not flow', () => {
      assert.deepEqual(jsonResult(runCli(['expr', '[mail]'])), { value: null, flow: false, reason: 'null' });
      assert.deepEqual(jsonResult(runCli(['expr', 'IgnoreFlowIfNullOrEmpty([jobTitle])', '--user', 'users/zoe-no-title.json'])), {
        value: null,
        flow: false,
        reason: 'ignoreFlowIfNullOrEmpty',
      });
      assert.deepEqual(jsonResult(runCli(['expr', 'IIF([country]="USA","US","Other")'])), { value: null, flow: false, reason: 'iifConditionNull' });
    });

    it('keeps "" distinct from null', () => {
      assert.deepEqual(jsonResult(runCli(['expr', '[jobTitle]', '--attr', 'jobTitle='])), { value: '', flow: true });
    });

    it('flags Redact() results', () => {
      assert.deepEqual(jsonResult(runCli(['expr', 'Redact([employeeId])', '--attr', 'employeeId=1000123'])), {
        value: '1000123',
        flow: true,
        redacted: true,
      });
    });

    it('--now pins Now(); a date-time without an offset is UTC', () => {
      assert.deepEqual(jsonResult(runCli(['expr', 'Now()', '--now', '2021-08-18T10:00:00Z'])), { value: '8/18/2021 10:00:00 AM', flow: true });
      assert.deepEqual(jsonResult(runCli(['expr', 'Now()', '--now', '2021-08-18T10:00:00'])), { value: '8/18/2021 10:00:00 AM', flow: true });
      assert.deepEqual(jsonResult(runCli(['expr', 'Now()', '--now', '2021-08-18T10:00:00+08:00'])), { value: '8/18/2021 2:00:00 AM', flow: true });
      assert.deepEqual(jsonResult(runCli(['expr', 'DateDiff("d", Now(), CDate("2021-08-31+08:00"))', '--now', '2021-08-18T00:00:00+08:00'])), {
        value: '13',
        flow: true,
      });
    });
  });

  describe('errors, exit 2', () => {
    it('a parse error prints the message, the expression and a caret under the position', () => {
      const expression = 'Join(", ", [surname], [givenName]';
      const run = runCli(['expr', expression]);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      const lines = run.stderr.split('\n');
      assert.match(lines[0], /line 1, column 34/);
      assert.equal(lines[1], expression);
      assert.equal(lines[2], `${' '.repeat(33)}^`);
    });

    it('a caret under an unknown function name', () => {
      const run = runCli(['expr', 'Append([a], Lft([b], 1))']);
      assert.equal(run.status, 2);
      const lines = run.stderr.split('\n');
      assert.match(lines[0], /Lft/);
      assert.equal(lines[1], 'Append([a], Lft([b], 1))');
      assert.match(lines[2], /^ {12}\^+$/);
    });

    it('an evaluation error prints the service\'s message', () => {
      const run = runCli(['expr', 'SingleAppRoleAssignment([appRoleAssignments])', '--user', 'users/bob-support-two-roles.json']);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /^An error occured while evaluating this function: 'SingleAppRoleAssignment\.' No more than one app role assignment was expected, but this many where found: 2\n/,
      );
    });

    it('a missing --user file', () => {
      const run = runCli(['expr', '[a]', '--user', 'users/nobody.json']);
      assert.equal(run.status, 2);
      assert.equal(run.stderr, '--user file "users/nobody.json": no such file\n');
    });

    it('a --user file with bad JSON', () => {
      const user = tempFile('user.json', '{"department": Sales}');
      try {
        const run = runCli(['expr', '[department]', '--user', user.file]);
        assert.equal(run.status, 2);
        assert.equal(run.stderr, `--user file "${user.file}": invalid JSON at line 1, column 16: invalid symbol\n`);
      } finally {
        user.remove();
      }
    });

    it('a --user file that is not an object', () => {
      const user = tempFile('user.json', '"jane"');
      try {
        const run = runCli(['expr', '[department]', '--user', user.file]);
        assert.equal(run.status, 2);
        assert.match(run.stderr, /expected a JSON object of attributes .*, found a string \("jane"\)/);
      } finally {
        user.remove();
      }
    });

    it('a --user list mixing strings and other values', () => {
      const user = tempFile('user.json', '{"proxyAddresses": ["SMTP:a@contoso.com", 7]}');
      try {
        const run = runCli(['expr', '[proxyAddresses]', '--user', user.file]);
        assert.equal(run.status, 2);
        assert.match(run.stderr, /attribute "proxyAddresses": a multi-valued attribute is a list of strings .*; item 1 is a number \(7\)/);
      } finally {
        user.remove();
      }
    });

    it('an empty --user file', () => {
      const user = tempFile('user.json', '');
      try {
        const run = runCli(['expr', '[department]', '--user', user.file]);
        assert.equal(run.status, 2);
        assert.match(run.stderr, /the file is empty, expected JSON/);
      } finally {
        user.remove();
      }
    });

    it('a --attr without "="', () => {
      const run = runCli(['expr', '[a]', '--attr', 'department']);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^--attr "department": expected name=value/);
    });

    it('a --now that is not ISO-8601', () => {
      const run = runCli(['expr', 'Now()', '--now', '18/08/2021']);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^--now "18\/08\/2021": expected an ISO-8601 date or date-time/);
    });

    it('a --now date that does not exist', () => {
      const run = runCli(['expr', 'Now()', '--now', '2021-02-30']);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^--now "2021-02-30": expected an ISO-8601 date/);
    });

    it('no expression', () => {
      const run = runCli(['expr']);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /missing required argument 'expression'/);
    });
  });
});
