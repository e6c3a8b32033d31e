/**
 * NormalizeDiacritics (reference §3.6): table-driven replacement of diacritic characters. Several entries are a base
 * letter plus combining marks (`ā́` = U+0101 U+0301); the longest sequence at each position wins, on the string as
 * given (no Unicode normalization first). Characters not in the table — plain `œ`/`Œ` included — pass through.
 */
import type { FunctionImplementation } from './runtime';

/** The reference table, row by row: space-separated sequences → replacement. */
const TABLE: ReadonlyArray<readonly [string, string]> = [
  ['ä à â ã å á ą ă ā ā́ ā̀ ā̂ ā̃ ǟ ā̈ ǡ a̱ å̄', 'a'],
  ['Ä À Â Ã Å Á Ą Ă Ā Ā́ Ā̀ Ā̂ Ā̃ Ǟ Ā̈ Ǡ A̱ Å̄', 'A'],
  ['æ ǣ', 'ae'],
  ['Æ Ǣ', 'AE'],
  ['ç č ć c̄ c̱', 'c'],
  ['Ç Č Ć C̄ C̱', 'C'],
  ['ď d̄ ḏ', 'd'],
  ['Ď D̄ Ḏ', 'D'],
  ['ë è é ê ę ě ė ē ḗ ḕ ē̂ ē̃ ê̄ e̱ ë̄ e̊̄', 'e'],
  ['Ë È É Ê Ę Ě Ė Ē Ḗ Ḕ Ē̂ Ē̃ Ê̄ E̱ Ë̄ E̊̄', 'E'],
  ['ğ ḡ g̱', 'g'],
  ['Ğ Ḡ G̱', 'G'],
  ['ï î ì í ı ī ī́ ī̀ ī̂ ī̃ i̱', 'i'],
  ['Ï Î Ì Í İ Ī Ī́ Ī̀ Ī̂ Ī̃ I̱', 'I'],
  ['ľ ł l̄ ḹ ḻ', 'l'],
  ['Ł Ľ L̄ Ḹ Ḻ', 'L'],
  ['ñ ń ň n̄ ṉ', 'n'],
  ['Ñ Ń Ň N̄ Ṉ', 'N'],
  ['ö ò ő õ ô ó ō ṓ ṑ ō̂ ō̃ ȫ ō̈ ǭ ȭ ȱ o̱', 'o'],
  ['Ö Ò Ő Õ Ô Ó Ō Ṓ Ṑ Ō̂ Ō̃ Ȫ Ō̈ Ǭ Ȭ Ȱ O̱', 'O'],
  ['ø ø̄ œ̄', 'oe'],
  ['Ø Ø̄ Œ̄', 'OE'],
  ['ř r̄ ṟ ṝ', 'r'],
  ['Ř R̄ Ṟ Ṝ', 'R'],
  ['ß', 'ss'],
  ['š ś ș ş s̄ s̱', 's'],
  ['Š Ś Ș Ş S̄ S̱', 'S'],
  ['ť ț t̄ ṯ', 't'],
  ['Ť Ț T̄ Ṯ', 'T'],
  ['ü ù û ú ů ű ū ū́ ū̀ ū̂ ū̃ u̇̄ ǖ ṻ ṳ̄ u̱', 'u'],
  ['Ü Ù Û Ú Ů Ű Ū Ū́ Ū̀ Ū̂ Ū̃ U̇̄ Ǖ Ṻ Ṳ̄ U̱', 'U'],
  ['ÿ ý ȳ ȳ́ ȳ̀ ȳ̃ y̱', 'y'],
  ['Ÿ Ý Ȳ Ȳ́ Ȳ̀ Ȳ̃ Y̱', 'Y'],
  ['ź ž ż z̄ ẕ', 'z'],
  ['Ź Ž Ż Z̄ Ẕ', 'Z'],
];

const REPLACEMENTS: ReadonlyMap<string, string> = new Map(TABLE.flatMap(([sequences, to]) => sequences.split(' ').map((seq) => [seq, to] as const)));
const LONGEST = Math.max(...[...REPLACEMENTS.keys()].map((k) => k.length));
const NON_ASCII = /[\u0080-\uffff]/;

export function normalizeDiacritics(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  let out = '';
  let i = 0;
  outer: while (i < text.length) {
    for (let length = Math.min(LONGEST, text.length - i); length > 0; length--) {
      const replacement = REPLACEMENTS.get(text.slice(i, i + length));
      if (replacement !== undefined) {
        out += replacement;
        i += length;
        continue outer;
      }
    }
    out += text[i];
    i++;
  }
  return out;
}

export const DIACRITICS_FUNCTIONS: Readonly<Record<string, FunctionImplementation>> = {
  NormalizeDiacritics: (call, ev) => {
    const text = ev.string(call, 0);
    return text === null ? null : normalizeDiacritics(text);
  },
};
