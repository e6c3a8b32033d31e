import assert from 'node:assert/strict';
import { assertFails, evaluate } from './evaluate-helper';

describe('expressions: string functions', () => {
  describe('Append / Prepend', () => {
    it('concatenates', () => {
      assert.equal(evaluate('Append([a], "-x")', { a: 'v' }), 'v-x');
      assert.equal(evaluate('Prepend("x-", [a])', { a: 'v' }), 'x-v');
    });
    it('treats a null source as "" (result = suffix)', () => {
      assert.equal(evaluate('Append([missing], "@contoso.com")'), '@contoso.com');
      assert.equal(evaluate('Append("", "")'), '');
    });
    it('uses the first value of a multi-valued source', () => {
      assert.equal(evaluate('Append([proxy], "!")', { proxy: ['SMTP:a@x', 'smtp:b@x'] }), 'SMTP:a@x!');
    });
  });

  describe('CStr', () => {
    it('converts numbers and Booleans to the value model strings', () => {
      assert.equal(evaluate('CStr([n])', { n: 42 }), '42');
      assert.equal(evaluate('CStr([b])', { b: true }), 'True');
      assert.equal(evaluate('CStr([m])', {}), null);
    });
  });

  describe('Left', () => {
    it('takes the first characters', () => {
      assert.equal(evaluate('Left("John Doe", 3)'), 'Joh');
      assert.equal(evaluate('Left("John", "2")'), 'Jo');
    });
    it('handles 0, negative, longer-than-string and null', () => {
      assert.equal(evaluate('Left("John", 0)'), '');
      assert.equal(evaluate('Left("John", -1)'), 'John');
      assert.equal(evaluate('Left("John", 10)'), 'John');
      assert.equal(evaluate('Left([missing], 3)'), '');
      assert.equal(evaluate('Left("", 3)'), '');
    });
    it('rejects a non-numeric count', () => {
      assertFails('Left("John", "abc")', 'Left', /^Left: NumChars must be a whole number, got "abc"$/);
      assertFails('Left("John", [n])', 'Left', /NumChars is null/);
      assertFails('Left("John", "99999999999")', 'Left', /NumChars 99999999999 is out of range/);
    });
  });

  describe('Mid', () => {
    it('is 1-based', () => {
      assert.equal(evaluate('Mid("John Doe", 1, 4)'), 'John');
      assert.equal(evaluate('Mid("John Doe", 6, 3)'), 'Doe');
    });
    it('returns the rest when start+length runs past the end, "" when start is beyond it', () => {
      assert.equal(evaluate('Mid("John Doe", 6, 100)'), 'Doe');
      assert.equal(evaluate('Mid("John", 5, 2)'), '');
      assert.equal(evaluate('Mid("John", 50, 2)'), '');
      assert.equal(evaluate('Mid("John", 2, 0)'), '');
      assert.equal(evaluate('Mid([missing], 1, 2)'), '');
    });
    it('rejects start < 1 and a negative length', () => {
      assertFails('Mid("John", 0, 2)', 'Mid', /start must be 1 or more/);
      assertFails('Mid("John", 1, -2)', 'Mid', /length must not be negative/);
    });
  });

  describe('Word', () => {
    it('splits on any delimiter character, skipping empty words', () => {
      assert.equal(evaluate('Word("The quick brown fox", 3, " ")'), 'brown');
      assert.equal(evaluate('Word("a,,b;c", 2, ",;")'), 'b');
      assert.equal(evaluate('Word("a,,b;c", 3, ",;")'), 'c');
      assert.equal(evaluate('Word("  lead", 1, " ")'), 'lead');
    });
    it('gives "" out of range, below 1, or for null', () => {
      assert.equal(evaluate('Word("a b", 3, " ")'), '');
      assert.equal(evaluate('Word("a b", 0, " ")'), '');
      assert.equal(evaluate('Word("a b", -1, " ")'), '');
      assert.equal(evaluate('Word([missing], 1, " ")'), '');
      assert.equal(evaluate('Word("", 1, " ")'), '');
    });
    it('treats the whole string as one word without delimiters', () => {
      assert.equal(evaluate('Word("a b", 1, "")'), 'a b');
    });
  });

  describe('InStr', () => {
    it('finds 1-based positions and returns 0 when absent', () => {
      assert.equal(evaluate('InStr("The quick brown fox", "quick")'), '5');
      assert.equal(evaluate('InStr("abc", "z")'), '0');
      assert.equal(evaluate('InStr("abcabc", "c", 4)'), '6');
    });
    it('is case-sensitive by default and with vbBinaryCompare, insensitive with vbTextCompare', () => {
      assert.equal(evaluate('InStr("The Quick", "quick")'), '0');
      assert.equal(evaluate('InStr("The Quick", "quick", 1, vbBinaryCompare)'), '0');
      assert.equal(evaluate('InStr("The Quick", "quick", 1, vbTextCompare)'), '5');
      assert.equal(evaluate('InStr("The Quick", "quick", , vbTextCompare)'), '5');
      assert.equal(evaluate('InStr("STRASSE ß", "ß", 1, vbTextCompare)'), '9');
    });
    it('follows VB.NET for empty, null and out-of-range inputs', () => {
      assert.equal(evaluate('InStr("abc", "")'), '1');
      assert.equal(evaluate('InStr("abc", "", 3)'), '3');
      assert.equal(evaluate('InStr("abc", "", 5)'), '0');
      assert.equal(evaluate('InStr("", "a")'), '0');
      assert.equal(evaluate('InStr([missing], "a")'), '0');
      assert.equal(evaluate('InStr("abc", "a", 9)'), '0');
    });
    it('rejects start < 1 and an unknown compare type', () => {
      assertFails('InStr("abc", "a", 0)', 'InStr', /start must be 1 or more/);
      assertFails('InStr("abc", "a", 1, "vbWhatever")', 'InStr', /compareType must be vbBinaryCompare \(0\) or vbTextCompare \(1\)/);
    });
  });

  describe('StripSpaces', () => {
    it('removes only U+0020', () => {
      assert.equal(evaluate('StripSpaces(" a b  c ")'), 'abc');
      assert.equal(evaluate('StripSpaces([t])', { t: 'a\tb\u00a0c d' }), 'a\tb\u00a0cd');
      assert.equal(evaluate('StripSpaces([missing])'), null);
    });
  });

  describe('ToLower / ToUpper', () => {
    it('uses the invariant culture by default, with .NET simple case mapping', () => {
      assert.equal(evaluate('ToLower("JOHN.Doe@Contoso.COM")'), 'john.doe@contoso.com');
      assert.equal(evaluate('ToUpper("straße")'), 'STRAßE');
      assert.equal(evaluate('ToLower("İ")'), 'i');
    });
    it('applies a culture', () => {
      assert.equal(evaluate('ToUpper("istanbul", "tr-TR")'), 'İSTANBUL');
      assert.equal(evaluate('ToLower("ISTANBUL", "tr-TR")'), 'ıstanbul');
      assert.equal(evaluate('ToUpper("istanbul", "en-US")'), 'ISTANBUL');
    });
    it('passes null through and rejects an invalid culture', () => {
      assert.equal(evaluate('ToLower([missing])'), null);
      assertFails('ToLower("A", "not a culture!")', 'ToLower', /"not a culture!" is not a valid RFC 4646 culture name/);
    });
  });

  describe('ConvertToBase64 / ConvertToUTF8Hex', () => {
    it('encodes UTF-16LE as Base64', () => {
      assert.equal(evaluate('ConvertToBase64("Hello world!")'), 'SABlAGwAbABvACAAdwBvAHIAbABkACEA');
      assert.equal(evaluate('ConvertToBase64("é")'), '6QA=');
      assert.equal(evaluate('ConvertToBase64("")'), '');
      assert.equal(evaluate('ConvertToBase64([missing])'), null);
    });
    it('encodes UTF-8 as upper-case hex', () => {
      assert.equal(evaluate('ConvertToUTF8Hex("Hello world!")'), '48656C6C6F20776F726C6421');
      assert.equal(evaluate('ConvertToUTF8Hex("é€")'), 'C3A9E282AC');
      assert.equal(evaluate('ConvertToUTF8Hex("")'), '');
      assert.equal(evaluate('ConvertToUTF8Hex([missing])'), null);
    });
  });

  describe('BitAnd', () => {
    it('ANDs decimal and VB hex operands numerically', () => {
      assert.equal(evaluate('BitAnd(&HF, &HF7)'), '7');
      assert.equal(evaluate('BitAnd(&HFF, &H10)'), '16');
      assert.equal(evaluate('BitAnd(12, 10)'), '8');
      assert.equal(evaluate('BitAnd([uac], 2)', { uac: 514 }), '2');
      assert.equal(evaluate('BitAnd([uac], "&H2")', { uac: '512' }), '0');
    });
    it('stays exact in 64 bits', () => {
      assert.equal(evaluate('BitAnd("9223372036854775807", "9223372036854775806")'), '9223372036854775806');
      assert.equal(evaluate('BitAnd(-1, 5)'), '5');
    });
    it('gives null for a null operand and rejects non-integers', () => {
      assert.equal(evaluate('BitAnd([missing], 5)'), null);
      assertFails('BitAnd("1.5", 1)', 'BitAnd', /value1 must be an integer \(decimal or &H hex\), got "1.5"/);
    });
  });
});
