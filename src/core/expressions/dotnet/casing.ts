/**
 * .NET invariant-culture casing. .NET maps case one UTF-16 unit (or code point) at a time — `"ß".ToUpperInvariant()`
 * stays `"ß"` — whereas JavaScript applies the full Unicode mappings (`"ß".toUpperCase()` is `"SS"`). The string's
 * length therefore never changes, which InStr(vbTextCompare) relies on for positions.
 */

/** Characters whose JS full mapping differs in length from .NET's simple mapping (`İ` lower-cases to `i` in .NET). */
const SIMPLE_LOWER_OVERRIDES: ReadonlyMap<string, string> = new Map([['\u0130', 'i']]);

function mapSimple(text: string, mapped: string, map: (ch: string) => string, overrides?: ReadonlyMap<string, string>): string {
  if (mapped.length === text.length) return mapped;
  let out = '';
  for (const ch of text) {
    const override = overrides?.get(ch);
    if (override !== undefined) {
      out += override;
      continue;
    }
    const m = map(ch);
    // A one-to-many mapping (ß → SS, ŉ → ʼN) has no simple equivalent: .NET keeps the character.
    out += m.length === ch.length ? m : ch;
  }
  return out;
}

const lower = (ch: string): string => ch.toLowerCase();
const upper = (ch: string): string => ch.toUpperCase();

export function toLowerInvariant(text: string): string {
  return mapSimple(text, text.toLowerCase(), lower, SIMPLE_LOWER_OVERRIDES);
}

export function toUpperInvariant(text: string): string {
  return mapSimple(text, text.toUpperCase(), upper);
}

/**
 * Culture-specific casing (`tr-TR` maps `i` to `İ`). Throws RangeError for a tag that is not a valid BCP 47 / RFC 4646
 * culture name; callers turn that into an evaluation error.
 */
export function toLowerCulture(text: string, culture: string): string {
  return mapSimple(text, text.toLocaleLowerCase(culture), (ch) => ch.toLocaleLowerCase(culture), SIMPLE_LOWER_OVERRIDES);
}

export function toUpperCulture(text: string, culture: string): string {
  return mapSimple(text, text.toLocaleUpperCase(culture), (ch) => ch.toLocaleUpperCase(culture));
}
