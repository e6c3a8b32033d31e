/**
 * PCase(source[, wordSeparators]): every word's first letter upper-case, everything else lower-case.
 *
 * Reference §3.8: lower-case the whole string first, then title-case (raw .NET ToTitleCase leaves ALL-CAPS words as
 * they are, but E46 needs "PABLO" → "Pablo").
 * Without separators the word breaks are .NET `TextInfo.ToTitleCase`'s: a word starts at a letter and runs over
 * letters, apostrophes and every other non-separator character (digits included); the separators are the Unicode
 * categories space/line/paragraph separator, control, format, the punctuation categories and the symbol categories.
 * As in .NET, a letter right after a digit that does not belong to a word starts one ("1st" → "1St").
 * With separators, only those characters split words and each word's first character is upper-cased.
 */
import { toLowerInvariant, toUpperInvariant } from '../dotnet/casing';
import type { FunctionImplementation } from './runtime';

const LETTER = /\p{L}/u;
const SEPARATOR = /[\p{Zs}\p{Zl}\p{Zp}\p{Cc}\p{Cf}\p{Pc}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{Sm}\p{Sc}\p{Sk}\p{So}]/u;

export function titleCase(text: string): string {
  const lower = toLowerInvariant(text);
  let out = '';
  const chars = Array.from(lower);
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i]!;
    if (!LETTER.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    out += toUpperInvariant(ch);
    i++;
    while (i < chars.length && (chars[i] === "'" || !SEPARATOR.test(chars[i]!))) out += chars[i++];
  }
  return out;
}

export function titleCaseWithSeparators(text: string, separators: string): string {
  const lower = toLowerInvariant(text);
  let out = '';
  let atWordStart = true;
  for (const ch of lower) {
    if (separators.includes(ch)) {
      out += ch;
      atWordStart = true;
    } else {
      out += atWordStart ? toUpperInvariant(ch) : ch;
      atWordStart = false;
    }
  }
  return out;
}

export const PCASE_FUNCTIONS: Readonly<Record<string, FunctionImplementation>> = {
  PCase: (call, ev) => {
    const text = ev.string(call, 0);
    if (text === null) return null;
    const separators = ev.string(call, 1);
    // An empty separator list is treated as absent: the default word breaks apply.
    return separators === null || separators === '' ? titleCase(text) : titleCaseWithSeparators(text, separators);
  },
};
