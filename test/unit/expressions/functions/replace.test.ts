import assert from 'node:assert/strict';
import { assertFails, evaluate } from './evaluate-helper';

/** Builds `Replace(source, …)` text with the seven slots; undefined = empty slot. Arguments are expression text. */
function replace(...slots: ReadonlyArray<string | undefined>): string {
  const all = [...slots];
  while (all.length < 7) all.push(undefined);
  return `Replace(${all.map((s) => s ?? '').join(', ')})`;
}

/** A string literal in expression syntax (backslashes and quotes escaped). */
const lit = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

describe('expressions: Replace', () => {
  describe('(a) oldValue + replacementValue', () => {
    it('replaces every occurrence, case-sensitively', () => {
      assert.equal(evaluate(replace('[mail]', lit('@contoso.com'), undefined, undefined, lit('')), { mail: 'john.doe@contoso.com' }), 'john.doe');
      assert.equal(evaluate(replace(lit('a-b-c'), lit('-'), undefined, undefined, lit('+'))), 'a+b+c');
      assert.equal(evaluate(replace(lit('Aa'), lit('a'), undefined, undefined, lit('x'))), 'Ax');
    });
    it('treats regex characters in oldValue literally and $ in the replacement literally', () => {
      assert.equal(evaluate(replace(lit('a.b.c'), lit('.'), undefined, undefined, lit('$&'))), 'a$&b$&c');
    });
    it('gives null for a null source; a null replacement removes', () => {
      assert.equal(evaluate(replace('[missing]', lit('a'), undefined, undefined, lit('b'))), null);
      assert.equal(evaluate(replace(lit('abc'), lit('b'), undefined, undefined, '[missing]')), 'ac');
    });
    it('rejects an empty oldValue', () => {
      assertFails(replace(lit('abc'), lit(''), undefined, undefined, lit('x')), 'Replace', /oldValue is empty/);
    });
  });

  describe('(b) oldValue + template', () => {
    it('replaces oldValue in the template with the source', () => {
      assert.equal(evaluate(replace('[UserID]', lit('<username>'), undefined, undefined, undefined, undefined, lit('<username>@contoso.com')), { UserID: 'jsmith' }), 'jsmith@contoso.com');
      assert.equal(evaluate(replace(lit('x'), lit('#'), undefined, undefined, undefined, undefined, lit('#-#'))), 'x-x');
      assert.equal(evaluate(replace('[u]', lit('#'), undefined, undefined, undefined, undefined, lit('#@x')), { u: 'a$&b' }), 'a$&b@x');
    });
    it('gives null for a null source (never a bare "@contoso.com")', () => {
      assert.equal(evaluate(replace('[missing]', lit('<u>'), undefined, undefined, undefined, undefined, lit('<u>@contoso.com'))), null);
    });
    it('needs replacementValue or template with oldValue', () => {
      assertFails(replace(lit('abc'), lit('b')), 'Replace', /with oldValue, give replacementValue \(argument 5\) or template \(argument 7\)/);
    });
  });

  describe('(c) regexPattern + replacementValue (.NET Regex.Replace)', () => {
    it('replaces every match and keeps unmatched text', () => {
      assert.equal(evaluate(replace(lit('a1b22c333'), undefined, lit('\\d+'), undefined, lit('#'))), 'a#b#c#');
      assert.equal(evaluate(replace(lit('+91 9998887777'), undefined, lit('\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})'), undefined, lit('${isdCode}-${phoneNumber}'))), '91 -9998887777');
    });
    it('numbers unnamed groups before named ones, as .NET does', () => {
      assert.equal(evaluate(replace(lit('ab'), undefined, lit('(?<n>a)(b)'), undefined, lit('$1|$2|${n}'))), 'b|a|a');
    });
    it('implements the .NET substitutions', () => {
      const src = lit('xaby');
      const pat = lit('a(b)');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[$&]'))), 'x[ab]y');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[$0]'))), 'x[ab]y');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[$`]'))), 'x[x]y');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit("[$']"))), 'x[y]y');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[$_]'))), 'x[xaby]y');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[$+]'))), 'x[b]y');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[$$1]'))), 'x[$1]y');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[${1}]'))), 'x[b]y');
    });
    it('keeps references to groups that do not exist literally ($10 is group 10, not $1 + "0")', () => {
      const src = lit('xaby');
      const pat = lit('a(b)');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[$10]'))), 'x[$10]y');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[${nope}]'))), 'x[${nope}]y');
      assert.equal(evaluate(replace(src, undefined, pat, undefined, lit('[$]'))), 'x[$]y');
    });
    it('matches empty strings at every position', () => {
      assert.equal(evaluate(replace(lit('abc'), undefined, lit('x*'), undefined, lit('-'))), '-a-b-c-');
      assert.equal(evaluate(replace(lit('abc'), undefined, lit('x*'), undefined, lit(''))), 'abc');
    });
    it('gives a group that did not take part the empty string', () => {
      assert.equal(evaluate(replace(lit('ac'), undefined, lit('a(b)?c'), undefined, lit('[$1]'))), '[]');
    });
    it('keeps .NET meanings of ., $, \\d, \\w, \\A, \\z and literal braces', () => {
      assert.equal(evaluate(replace('[t]', undefined, lit('.'), undefined, lit('x')), { t: 'a\rb\n' }), 'xxx\n');
      assert.equal(evaluate(replace('[t]', undefined, lit('c$'), undefined, lit('X')), { t: 'abc\n' }), 'abX\n');
      assert.equal(evaluate(replace(lit('a٣b'), undefined, lit('\\d'), undefined, lit('#'))), 'a#b');
      assert.equal(evaluate(replace(lit('é-x'), undefined, lit('\\w+'), undefined, lit('W'))), 'W-W');
      assert.equal(evaluate(replace(lit('aa'), undefined, lit('\\Aa'), undefined, lit('b'))), 'ba');
      assert.equal(evaluate(replace(lit('aa'), undefined, lit('a\\z'), undefined, lit('b'))), 'ab');
      assert.equal(evaluate(replace(lit('a{b}'), undefined, lit('{b}'), undefined, lit('!'))), 'a!');
      assert.equal(evaluate(replace(lit('a]'), undefined, lit(']'), undefined, lit('!'))), 'a!');
      assert.equal(evaluate(replace(lit('a@b'), undefined, lit('\\@'), undefined, lit('.'))), 'a.b');
      assert.equal(evaluate(replace(lit('a]b'), undefined, lit('[]]'), undefined, lit('.'))), 'a.b');
      assert.equal(evaluate(replace(lit('élan vital'), undefined, lit('\\b\\w'), undefined, lit('#'))), '#lan #ital');
      assert.equal(evaluate(replace(lit('ab'), undefined, lit('\\B'), undefined, lit('-'))), 'a-b');
      assert.equal(evaluate(replace(lit('a-b.c d'), undefined, lit('[\\w-.]+'), undefined, lit('X'))), 'X X');
    });
    it('supports (?i) at the start, (?\'name\') groups, comments and backreferences', () => {
      assert.equal(evaluate(replace(lit('ABC'), undefined, lit('(?i)b'), undefined, lit('x'))), 'AxC');
      assert.equal(evaluate(replace(lit('ab'), undefined, lit("(?'first'a)b"), undefined, lit('${first}'))), 'a');
      assert.equal(evaluate(replace(lit('ab'), undefined, lit('a(?#comment)b'), undefined, lit('x'))), 'x');
      assert.equal(evaluate(replace(lit('aa-bc'), undefined, lit('(\\w)\\1'), undefined, lit('='))), '=-bc');
      assert.equal(evaluate(replace(lit('aa-bc'), undefined, lit('(?<c>\\w)\\k<c>'), undefined, lit('='))), '=-bc');
    });
    it('gives null for a null source', () => {
      assert.equal(evaluate(replace('[missing]', undefined, lit('a'), undefined, lit('b'))), null);
    });
    it('turns invalid or unsupported patterns into an error naming Replace', () => {
      assertFails(replace(lit('a'), undefined, lit('(a'), undefined, lit('b')), 'Replace', /^Replace: invalid regexPattern "\(a": the pattern is not a valid regular expression/);
      assertFails(replace(lit('a'), undefined, lit('(?>a)'), undefined, lit('b')), 'Replace', /atomic groups/);
      assertFails(replace(lit('a'), undefined, lit('[a-z-[aeiou]]'), undefined, lit('b')), 'Replace', /class subtraction/);
      assertFails(replace(lit('a'), undefined, lit('a\\q'), undefined, lit('b')), 'Replace', /unrecognized escape sequence "\\q"/);
      assertFails(replace(lit('a'), undefined, lit('a(?i:b)'), undefined, lit('b')), 'Replace', /inline options/);
      assertFails(replace(lit('a'), undefined, lit('\\p{IsGreek}'), undefined, lit('b')), 'Replace', /Unicode block/);
      assertFails(replace(lit('a'), undefined, lit('a\\'), undefined, lit('b')), 'Replace', /lone "\\"/);
      // Even when the source is null, so a bad pattern fails for every user.
      assertFails(replace('[missing]', undefined, lit('(a'), undefined, lit('b')), 'Replace', /invalid regexPattern/);
    });
    it('needs a replacement with a pattern, and oldValue or a pattern at all', () => {
      assertFails(replace(lit('a'), undefined, lit('a')), 'Replace', /with regexPattern, give replacementValue/);
      assertFails(replace(lit('a')), 'Replace', /give either oldValue \(argument 2\) or regexPattern \(argument 3\)/);
    });
  });

  describe('(d) regexPattern + regexGroupName + replacementValue', () => {
    it('replaces only the group span in every match (E60)', () => {
      assert.equal(evaluate(replace('[upn]', undefined, lit('(?<Suffix>@(.)*)'), lit('Suffix'), lit('')), { upn: 'jsmith@contoso.com' }), 'jsmith');
      assert.equal(evaluate(replace(lit('a1 b2 c'), undefined, lit('[a-z](?<d>\\d)'), lit('d'), lit('#'))), 'a# b# c');
    });
    it('takes the replacement literally and leaves matches without the group alone', () => {
      assert.equal(evaluate(replace(lit('ab a'), undefined, lit('a(?<g>b)?'), lit('g'), lit('$0'))), 'a$0 a');
    });
    it('rejects a group name the pattern does not have', () => {
      assertFails(replace(lit('a'), undefined, lit('(?<x>a)'), lit('y'), lit('b')), 'Replace', /the pattern "\(\?<x>a\)" has no group named "y"/);
    });
  });

  describe('(e) regexPattern + regexGroupName + replacementAttributeName', () => {
    const pattern = lit('^(?<local>[^@]+)@');
    it('returns the source unchanged when it has a value', () => {
      assert.equal(evaluate(replace('[nick]', undefined, pattern, lit('local'), undefined, '[mail]'), { nick: 'jd', mail: 'john@x.com' }), 'jd');
    });
    it('otherwise takes the group from the replacement attribute (by reference or by name)', () => {
      assert.equal(evaluate(replace('[nick]', undefined, pattern, lit('local'), undefined, '[mail]'), { nick: '', mail: 'john@x.com' }), 'john');
      assert.equal(evaluate(replace('[nick]', undefined, pattern, lit('local'), undefined, lit('mail')), { mail: 'john@x.com' }), 'john');
    });
    it('gives null when nothing matches or the attribute is absent', () => {
      assert.equal(evaluate(replace('[nick]', undefined, pattern, lit('local'), undefined, '[mail]'), { mail: 'no-at-sign' }), null);
      assert.equal(evaluate(replace('[nick]', undefined, pattern, lit('local'), undefined, '[mail]'), {}), null);
    });
  });
});
