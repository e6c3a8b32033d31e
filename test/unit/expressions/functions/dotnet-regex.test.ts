/** The .NET regex translator shared by Replace and the scoping filters (`src/core/expressions/dotnet/regex.ts`). */
import assert from 'node:assert/strict';
import { RegexTranslationError, compileDotNetRegex, firstGroupCapture, regexReplace, replaceGroup } from '../../../../src/core/expressions/dotnet/regex';

describe('expressions: .NET regex translation', () => {
  it('caches compiled patterns', () => {
    assert.equal(compileDotNetRegex('a(b)c'), compileDotNetRegex('a(b)c'));
  });
  it('maps .NET group numbers (unnamed first, then named) to JS indices', () => {
    const regex = compileDotNetRegex('(?<x>a)(b)(?<y>c)(d)');
    assert.deepEqual([...regex.numberToIndex], [[0, 0], [1, 2], [2, 4], [3, 1], [4, 3]]);
    assert.deepEqual([...regex.names], ['x', 'y']);
    assert.equal(regex.captureCount, 4);
    assert.equal(regex.lastGroupIndex, 3);
    assert.equal(regexReplace('abcd', '(?<x>a)(b)(?<y>c)(d)', '$1$2$3$4|$+'), 'bdac|c');
  });
  it('maps backreferences through the .NET numbering', () => {
    assert.equal(regexReplace('xabb-xabx', '(?<n>x)a(b)\\1', '!'), '!-xabx');
    assert.equal(regexReplace('xabx', '(?<n>x)a(b)\\2', '!'), '!');
  });
  it('supports explicit capture (?n) and multiline / singleline options', () => {
    assert.equal(compileDotNetRegex('(?n)(a)(?<k>b)').captureCount, 1);
    assert.equal(regexReplace('a\nb', '(?m)^', '>'), '>a\n>b');
    assert.equal(regexReplace('a\nb', '(?m)$', '<'), 'a<\nb<');
    assert.equal(regexReplace('a\nb', '(?s)a.b', 'X'), 'X');
    assert.equal(regexReplace('a\nb', 'a.b', 'X'), 'a\nb');
  });
  it('translates escapes', () => {
    assert.equal(regexReplace('a\u001Bb\u0007c', '\\e|\\a', '-'), 'a-b-c');
    assert.equal(regexReplace('a\u0000b', '\\0', '-'), 'a-b');
    assert.equal(regexReplace('aAb', '\\x41|\\u0062', '-'), 'a--');
    assert.equal(regexReplace('abc\n', 'c\\Z', 'C'), 'abC\n');
  });
  it('throws RegexTranslationError with the position of the problem', () => {
    assert.throws(() => compileDotNetRegex('ab(?>c)'), (e: unknown) => e instanceof RegexTranslationError && /atomic groups "\(\?>…\)" are not supported at position 3/.test(e.message));
    assert.throws(() => compileDotNetRegex('(?(a)b|c)'), RegexTranslationError);
    assert.throws(() => compileDotNetRegex('(?<a>x)(?<a>y)'), /a group name is used twice/);
    assert.throws(() => compileDotNetRegex('(a)\\2'), /reference to undefined group number 2/);
    assert.throws(() => compileDotNetRegex('\\k<zz>'), /undefined group name "zz"/);
    assert.throws(() => compileDotNetRegex('[abc'), /not closed/);
    assert.throws(() => compileDotNetRegex('a\\G'), /\\G/);
    assert.throws(() => compileDotNetRegex('(?x)a b'), /"x" \(ignore pattern whitespace\)/);
  });
  it('replaces group spans and reads first captures', () => {
    assert.equal(replaceGroup('k=v; k2=v2', '\\w+=(?<v>\\w+)', 'v', '*'), 'k=*; k2=*');
    assert.equal(replaceGroup('nothing', '(?<v>\\d)', 'v', '*'), 'nothing');
    assert.equal(firstGroupCapture('k=v; k2=v2', '\\w+=(?<v>\\w+)', 'v'), 'v');
    assert.equal(firstGroupCapture('none', '(?<v>\\d)', 'v'), null);
  });
});
