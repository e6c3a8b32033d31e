/**
 * .NET custom date and time format strings (invariant culture): `DateTime.ToString(format)` and
 * `DateTime.ParseExact(text, format, styles)`, as FormatDateTime uses them.
 *
 * Specifiers: yyyy yy y (yyy, yyyyy) · MMMM MMM MM M · dddd ddd dd d · HH H hh h · mm m · ss s · f…fffffff F…FFFFFFF ·
 * tt t · zzz zz z · K · g/gg (era) · `:` `/` (invariant separators) · `'literal'` `"literal"` · `\x` escape · `%x`
 * single specifier. Any other character is a literal. A one-character format is a .NET standard format (d D f F g
 * G M m O o R r s t T u U Y y) and is expanded to its invariant pattern first.
 */
import {
  DAY_NAMES,
  MONTH_NAMES,
  type DateTimeKind,
  type DotNetDateTime,
  dateParts,
  daysInMonth,
  fourDigitYear,
  inRange,
  utcMilliseconds,
} from './date-time';

/** A format string that .NET would reject (FormatException); the message says what is wrong. */
export class DateFormatError extends Error {}

const STANDARD_FORMATS: Readonly<Record<string, string>> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  M: 'MMMM dd',
  m: 'MMMM dd',
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'HH:mm',
  T: 'HH:mm:ss',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, dd MMMM yyyy HH:mm:ss',
  Y: 'yyyy MMMM',
  y: 'yyyy MMMM',
};

/** One piece of a compiled format: a specifier letter repeated `count` times, or literal text. */
type Token = { readonly kind: 'spec'; readonly letter: string; readonly count: number } | { readonly kind: 'literal'; readonly text: string };

const SPECIFIERS = new Set(['y', 'M', 'd', 'H', 'h', 'm', 's', 'f', 'F', 't', 'z', 'K', 'g']);

const compiled = new Map<string, ReadonlyArray<Token>>();

/** Splits a custom format into tokens (cached: mappings reuse the same few formats for every user). */
export function tokenize(format: string): ReadonlyArray<Token> {
  const cached = compiled.get(format);
  if (cached !== undefined) return cached;
  if (format.length === 0) throw new DateFormatError('the format is empty');
  let pattern = format;
  if (format.length === 1) {
    const standard = STANDARD_FORMATS[format];
    if (standard === undefined) throw new DateFormatError(`"${format}" is not a standard format (use d D f F g G M O R s t T u U Y, or a custom format)`);
    pattern = standard;
  }
  const tokens: Token[] = [];
  const literal = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last !== undefined && last.kind === 'literal') tokens[tokens.length - 1] = { kind: 'literal', text: last.text + text };
    else tokens.push({ kind: 'literal', text });
  };
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i]!;
    if (ch === "'" || ch === '"') {
      let text = '';
      let j = i + 1;
      for (; j < pattern.length && pattern[j] !== ch; j++) {
        if (pattern[j] === '\\') {
          j++;
          if (j >= pattern.length) break;
        }
        text += pattern[j];
      }
      if (j >= pattern.length) throw new DateFormatError(`the quoted literal starting at position ${i + 1} is not closed with ${ch}`);
      literal(text);
      i = j + 1;
    } else if (ch === '\\') {
      if (i + 1 >= pattern.length) throw new DateFormatError('the format ends with a lone "\\" (escape the backslash as "\\\\")');
      literal(pattern[i + 1]!);
      i += 2;
    } else if (ch === '%') {
      const next = pattern[i + 1];
      if (next === undefined || next === '%') throw new DateFormatError('"%" must be followed by a single format specifier');
      if (SPECIFIERS.has(next)) tokens.push({ kind: 'spec', letter: next, count: 1 });
      else literal(next);
      i += 2;
    } else if (SPECIFIERS.has(ch)) {
      let j = i + 1;
      while (j < pattern.length && pattern[j] === ch) j++;
      const count = j - i;
      if ((ch === 'f' || ch === 'F') && count > 7) throw new DateFormatError(`"${ch.repeat(count)}": at most 7 fraction digits are allowed`);
      tokens.push({ kind: 'spec', letter: ch, count });
      i = j;
    } else {
      literal(ch);
      i++;
    }
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(format, tokens);
  return tokens;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The offset .NET prints for z/zz/zzz/K. The service's local zone is UTC, so it is always zero. */
function offsetText(count: number): string {
  return count === 1 ? '+0' : count === 2 ? '+00' : '+00:00';
}

/** DateTime.ToString(format, CultureInfo.InvariantCulture). */
export function formatDateTime(value: DotNetDateTime, format: string): string {
  const tokens = tokenize(format);
  const p = dateParts(value.ms);
  const fraction = pad(p.millisecond * 10_000 + value.subTicks, 7);
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.text;
      continue;
    }
    const n = token.count;
    switch (token.letter) {
      case 'y':
        out += n <= 2 ? pad(p.year % 100, n) : pad(p.year, n);
        break;
      case 'M':
        out += n <= 2 ? pad(p.month, n) : n === 3 ? MONTH_NAMES[p.month - 1]!.slice(0, 3) : MONTH_NAMES[p.month - 1]!;
        break;
      case 'd':
        out += n <= 2 ? pad(p.day, n) : n === 3 ? DAY_NAMES[p.dayOfWeek]!.slice(0, 3) : DAY_NAMES[p.dayOfWeek]!;
        break;
      case 'H':
        out += pad(p.hour, Math.min(n, 2));
        break;
      case 'h':
        out += pad(p.hour % 12 === 0 ? 12 : p.hour % 12, Math.min(n, 2));
        break;
      case 'm':
        out += pad(p.minute, Math.min(n, 2));
        break;
      case 's':
        out += pad(p.second, Math.min(n, 2));
        break;
      case 'f':
        out += fraction.slice(0, n);
        break;
      case 'F': {
        const digits = fraction.slice(0, n).replace(/0+$/, '');
        // .NET drops a preceding "." when an F specifier prints nothing ("ss.FFF" → "07").
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 't':
        out += n === 1 ? (p.hour < 12 ? 'A' : 'P') : p.hour < 12 ? 'AM' : 'PM';
        break;
      case 'z':
        out += offsetText(Math.min(n, 3));
        break;
      case 'K':
        // One K per letter, as .NET does for "KK".
        out += (value.kind === 'utc' ? 'Z' : value.kind === 'local' ? '+00:00' : '').repeat(n);
        break;
      case 'g':
        out += 'A.D.';
        break;
    }
  }
  return out;
}

/** The DateTimeStyles flags FormatDateTime accepts as its second argument (names, comma-separated, any case). */
export interface DateTimeStyles {
  readonly allowLeadingWhite: boolean;
  readonly allowTrailingWhite: boolean;
  readonly allowInnerWhite: boolean;
  readonly noCurrentDateDefault: boolean;
  readonly adjustToUniversal: boolean;
  readonly assumeLocal: boolean;
  readonly assumeUniversal: boolean;
  readonly roundtripKind: boolean;
}

const STYLE_NAMES = [
  'None', 'AllowLeadingWhite', 'AllowTrailingWhite', 'AllowInnerWhite', 'AllowWhiteSpaces', 'NoCurrentDateDefault',
  'AdjustToUniversal', 'AssumeLocal', 'AssumeUniversal', 'RoundtripKind',
] as const;

/** Reference §3.5: the default is `RoundtripKind, AllowLeadingWhite, AllowTrailingWhite`. */
export const DEFAULT_STYLES: DateTimeStyles = {
  allowLeadingWhite: true,
  allowTrailingWhite: true,
  allowInnerWhite: false,
  noCurrentDateDefault: false,
  adjustToUniversal: false,
  assumeLocal: false,
  assumeUniversal: false,
  roundtripKind: true,
};

/** Parses `"AdjustToUniversal, AllowWhiteSpaces"` (or the numeric enum value); throws DateFormatError on unknown names. */
export function parseDateTimeStyles(text: string): DateTimeStyles {
  const flags = new Set<string>();
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const bits = Number(trimmed);
    STYLE_NAMES.slice(1).forEach((name, i) => {
      const bit = [1, 2, 4, 7, 8, 16, 32, 64, 128][i]!;
      if (name !== 'AllowWhiteSpaces' && (bits & bit) === bit) flags.add(name);
    });
  } else {
    for (const part of trimmed.split(/[,|]/)) {
      const name = STYLE_NAMES.find((s) => s.toLowerCase() === part.trim().toLowerCase());
      if (name === undefined) throw new DateFormatError(`"${part.trim()}" is not a DateTimeStyles value (use ${STYLE_NAMES.join(', ')})`);
      flags.add(name);
    }
  }
  // .NET rejects these combinations with an ArgumentException.
  if (flags.has('RoundtripKind') && (flags.has('AssumeLocal') || flags.has('AssumeUniversal') || flags.has('AdjustToUniversal'))) {
    throw new DateFormatError('RoundtripKind cannot be combined with AssumeLocal, AssumeUniversal or AdjustToUniversal');
  }
  if (flags.has('AssumeLocal') && flags.has('AssumeUniversal')) {
    throw new DateFormatError('AssumeLocal and AssumeUniversal cannot be combined');
  }
  const all = flags.has('AllowWhiteSpaces');
  return {
    allowLeadingWhite: all || flags.has('AllowLeadingWhite'),
    allowTrailingWhite: all || flags.has('AllowTrailingWhite'),
    allowInnerWhite: all || flags.has('AllowInnerWhite'),
    noCurrentDateDefault: flags.has('NoCurrentDateDefault'),
    adjustToUniversal: flags.has('AdjustToUniversal'),
    assumeLocal: flags.has('AssumeLocal'),
    assumeUniversal: flags.has('AssumeUniversal'),
    roundtripKind: flags.has('RoundtripKind'),
  };
}

const WHITE = /\s/;

/**
 * DateTime.ParseExact(text, format, InvariantCulture, styles). Returns null when the text does not match the format
 * (the caller words the error); throws DateFormatError when the format itself is invalid.
 * Missing date parts follow .NET: no year, month and day → today's date (`now`), or 0001-01-01 with
 * NoCurrentDateDefault; otherwise a missing year is this year, a missing month or day is 1.
 */
export function parseExact(text: string, format: string, styles: DateTimeStyles, now: () => number): DotNetDateTime | null {
  const tokens = tokenize(format);
  let pos = 0;
  const skipWhite = (): void => {
    while (pos < text.length && WHITE.test(text[pos]!)) pos++;
  };
  const digits = (min: number, max: number): number | null => {
    let end = pos;
    while (end < text.length && end - pos < max && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end - pos < min) return null;
    const value = Number(text.slice(pos, end));
    pos = end;
    return value;
  };
  const word = (candidates: ReadonlyArray<string>): number | null => {
    // Longest first so "Mar" does not win over "March".
    let best = -1;
    let bestLength = 0;
    candidates.forEach((candidate, i) => {
      if (candidate.length > bestLength && text.slice(pos, pos + candidate.length).toLowerCase() === candidate.toLowerCase()) {
        best = i;
        bestLength = candidate.length;
      }
    });
    if (best < 0) return null;
    pos += bestLength;
    return best;
  };

  if (styles.allowLeadingWhite) skipWhite();
  let year = -1;
  let month = -1;
  let day = -1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fractionTicks = 0;
  let designator: 'AM' | 'PM' | null = null;
  let twelveHour = false;
  let dayOfWeek = -1;
  let offset: number | null = null;
  /** A "Z"/"GMT" designator was matched (as opposed to a numeric offset). */
  let zulu = false;

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.kind === 'literal') {
      for (let c = 0; c < token.text.length; c++) {
        const ch = token.text[c]!;
        const next = tokens[t + 1];
        // .NET: a "." right before F specifiers is optional, like the fraction itself ("ss.FFF" accepts "09").
        if (ch === '.' && c === token.text.length - 1 && text[pos] !== '.' && next?.kind === 'spec' && next.letter === 'F') {
          t++;
          break;
        }
        if (WHITE.test(ch)) {
          // A space in the format matches one space, or any run of white space with AllowInnerWhite.
          if (styles.allowInnerWhite) {
            skipWhite();
            continue;
          }
          if (text[pos] !== ch) return null;
          pos++;
          continue;
        }
        if (styles.allowInnerWhite) skipWhite();
        if (text[pos] === ch) {
          pos++;
          // .NET treats a matched literal "Z" as the UTC designator (e.g. AD generalized time "yyyyMMddHHmmss.fZ").
          if (ch === 'Z') {
            offset = 0;
            zulu = true;
          }
        } else if (ch === 'Z' && text.startsWith('GMT', pos)) {
          pos += 3;
          offset = 0;
          zulu = true;
        } else {
          return null;
        }
      }
      continue;
    }
    if (styles.allowInnerWhite) skipWhite();
    const n = token.count;
    let value: number | null;
    switch (token.letter) {
      case 'y':
        if (n <= 2) {
          value = digits(n === 1 ? 1 : 2, 2);
          if (value !== null) value = fourDigitYear(value);
        } else {
          value = digits(n, n);
        }
        if (value === null) return null;
        year = value;
        break;
      case 'M':
        value = n <= 2 ? digits(n, 2) : word(n === 3 ? MONTH_NAMES.map((m) => m.slice(0, 3)) : MONTH_NAMES);
        if (value === null) return null;
        month = n <= 2 ? value : value + 1;
        break;
      case 'd':
        if (n <= 2) {
          value = digits(n, 2);
          if (value === null) return null;
          day = value;
        } else {
          value = word(n === 3 ? DAY_NAMES.map((d) => d.slice(0, 3)) : DAY_NAMES);
          if (value === null) return null;
          dayOfWeek = value;
        }
        break;
      case 'H':
      case 'h':
        value = digits(Math.min(n, 2), 2);
        if (value === null) return null;
        hour = value;
        if (token.letter === 'h') twelveHour = true;
        break;
      case 'm':
        value = digits(Math.min(n, 2), 2);
        if (value === null) return null;
        minute = value;
        break;
      case 's':
        value = digits(Math.min(n, 2), 2);
        if (value === null) return null;
        second = value;
        break;
      case 'f':
      case 'F': {
        const start = pos;
        value = digits(token.letter === 'f' ? n : 0, n);
        if (value === null) return null;
        fractionTicks = pos > start ? Number(text.slice(start, pos).padEnd(7, '0')) : 0;
        break;
      }
      case 't': {
        const first = text[pos]?.toUpperCase();
        if (first !== 'A' && first !== 'P') return null;
        designator = first === 'A' ? 'AM' : 'PM';
        pos++;
        if (n >= 2) {
          if (text[pos]?.toUpperCase() !== 'M') return null;
          pos++;
        }
        break;
      }
      case 'z':
      case 'K': {
        const c = text[pos];
        if (c === 'Z' || c === 'z') {
          // Only K accepts the UTC designator; z/zz/zzz need a signed offset.
          if (token.letter !== 'K') return null;
          pos++;
          offset = 0;
          zulu = true;
          break;
        }
        if (c !== '+' && c !== '-') {
          if (token.letter === 'K') break; // K matches nothing for a value of unspecified kind
          return null;
        }
        pos++;
        // zz needs two hour digits; z, zzz and K take one or two (+2:00, +02:00, +0200).
        const full = n >= 3 || token.letter === 'K';
        const hours = digits(n === 2 ? 2 : 1, 2);
        if (hours === null) return null;
        let minutes = 0;
        if (text[pos] === ':' || full) {
          if (text[pos] === ':') pos++;
          const m = digits(2, 2);
          if (m === null) return null;
          minutes = m;
        }
        if (hours > 14 || minutes > 59) return null;
        offset = (c === '-' ? -1 : 1) * (hours * 60 + minutes);
        break;
      }
      case 'g':
        if (text.startsWith('A.D.', pos)) pos += 4;
        else if (text.startsWith('AD', pos)) pos += 2;
        else return null;
        break;
    }
  }
  if (styles.allowTrailingWhite) skipWhite();
  if (pos !== text.length) return null;

  if (twelveHour || designator !== null) {
    if (twelveHour && hour > 12) return null;
    if (designator === 'PM' && hour < 12) hour += 12;
    else if (designator !== 'PM' && hour === 12) hour = 0;
  }
  if (year === -1 || month === -1 || day === -1) {
    const today = dateParts(now());
    if (month === -1 && day === -1) {
      if (year === -1) {
        year = styles.noCurrentDateDefault ? 1 : today.year;
        month = styles.noCurrentDateDefault ? 1 : today.month;
        day = styles.noCurrentDateDefault ? 1 : today.day;
      } else {
        month = 1;
        day = 1;
      }
    } else {
      if (year === -1) year = today.year;
      if (month === -1) month = 1;
      if (day === -1) day = 1;
    }
  }
  if (month < 1 || month > 12 || day < 1 || year < 1 || day > daysInMonth(year, month)) return null;
  const base = utcMilliseconds(year, month, day, hour, minute, second, 0);
  if (base === null) return null;
  let ms = base + Math.floor(fractionTicks / 10_000);
  if (dayOfWeek >= 0 && new Date(base).getUTCDay() !== dayOfWeek) return null;
  let kind: DateTimeKind = 'unspecified';
  if (offset !== null) {
    ms -= offset * 60_000;
    // With an offset .NET converts to local time (Kind Local), or to UTC with AdjustToUniversal / a "Z" under RoundtripKind.
    kind = styles.adjustToUniversal || (zulu && styles.roundtripKind) ? 'utc' : 'local';
  } else if (styles.assumeUniversal) {
    kind = styles.adjustToUniversal ? 'utc' : 'local';
  } else if (styles.assumeLocal) {
    kind = styles.adjustToUniversal ? 'utc' : 'local';
  }
  if (!inRange(ms)) return null;
  return { ms, subTicks: fractionTicks % 10_000, kind };
}
