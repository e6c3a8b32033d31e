/**
 * A .NET-like DateTime for the date functions: a UTC instant with 100-ns precision (FILETIME / .NET ticks) and a
 * `kind`, which only matters for the `K` and `z` format specifiers.
 *
 * Decision (reference §3.3): the provisioning service runs in UTC, so "local" time is UTC. A value parsed with an
 * offset is converted to UTC; `kind` records how it was parsed so `K` prints `Z` (utc), `+00:00` (local) or nothing
 * (unspecified), as .NET would on a UTC machine.
 */

export type DateTimeKind = 'utc' | 'local' | 'unspecified';

export interface DotNetDateTime {
  /** Milliseconds since 1970-01-01T00:00Z of the UTC instant (whole milliseconds). */
  readonly ms: number;
  /** The sub-millisecond part in 100-ns ticks, 0–9999. */
  readonly subTicks: number;
  readonly kind: DateTimeKind;
}

export const MS_PER_DAY = 86_400_000;
/** .NET DateTime range: 0001-01-01T00:00:00 to 9999-12-31T23:59:59.9999999. */
export const MIN_MS = -62_135_596_800_000;
export const MAX_MS = 253_402_300_799_999;

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * UTC milliseconds of a calendar date and time, or null when a field is out of range (Feb 30, hour 24, year 0).
 * `Date.UTC` maps years 0–99 to 1900–1999, so the year is set with setUTCFullYear.
 */
export function utcMilliseconds(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime();
}

export function inRange(ms: number): boolean {
  return ms >= MIN_MS && ms <= MAX_MS;
}

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** 0 = Sunday. */
  readonly dayOfWeek: number;
}

export function dateParts(ms: number): DateParts {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    dayOfWeek: d.getUTCDay(),
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The value model's DateTime text (reference §3.3): `M/d/yyyy h:mm:ss tt`, invariant culture, e.g. `3/16/2020 7:00:00 AM`. */
export function formatDefault(ms: number): string {
  const d = new Date(ms);
  const hour = d.getUTCHours();
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${pad(d.getUTCFullYear(), 4)} ${hour12}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** .NET's two-digit-year rule for the Gregorian calendar (TwoDigitYearMax 2049): 00–49 → 20xx, 50–99 → 19xx. */
export function fourDigitYear(twoDigit: number): number {
  return twoDigit <= 49 ? 2000 + twoDigit : 1900 + twoDigit;
}

const MONTH_LOOKUP: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap((name, i) => [[name.toLowerCase(), i + 1] as const, [name.slice(0, 3).toLowerCase(), i + 1] as const]),
);

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?)?\s*(Z|GMT|[+-]\d{1,2}(?::?\d{2})?)?$/i;
const SLASHED_YMD = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*(AM|PM|A|P)?)?\s*(Z|GMT|[+-]\d{1,2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*(AM|PM|A|P)?)?\s*(Z|GMT|[+-]\d{1,2}(?::?\d{2})?)?$/i;
const TIME_PART = String.raw`(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|A|P)?)?\s*(Z|GMT|UTC|[+-]\d{1,2}(?::?\d{2})?)?`;
// "Mon, 16 Mar 2020 07:00:00 GMT" (RFC 1123), "16 March 2020", "16-Mar-2020"
const DAY_MONTH_YEAR = new RegExp(String.raw`^(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4})` + TIME_PART + '$', 'i');
// "March 16, 2020", "Monday, March 16, 2020 7:00 AM"
const MONTH_DAY_YEAR = new RegExp(String.raw`^(?:[A-Za-z]+,\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})` + TIME_PART + '$', 'i');
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|A|P)?$/i;

/** Parses `Z`, `GMT`, `+hh`, `+hh:mm`, `+hhmm` into minutes east of UTC, or null when invalid. */
function offsetMinutes(text: string): number | null {
  const upper = text.toUpperCase();
  if (upper === 'Z' || upper === 'GMT' || upper === 'UTC') return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (m === null) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function hour24(hour: number, designator: string | undefined): number | null {
  if (designator === undefined) return hour;
  if (hour < 1 || hour > 12) {
    // .NET accepts "0:30 AM"; anything above 12 with a designator is invalid.
    if (hour !== 0) return null;
  }
  const pm = designator[0] === 'P' || designator[0] === 'p';
  return pm ? (hour % 12) + 12 : hour % 12;
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number | null,
  minute: number,
  second: number,
  fraction: string | undefined,
  offset: string | undefined,
): DotNetDateTime | null {
  if (hour === null) return null;
  const fractionTicks = fraction === undefined ? 0 : Number(fraction.padEnd(7, '0'));
  const base = utcMilliseconds(year, month, day, hour, minute, second, 0);
  if (base === null) return null;
  let ms = base + Math.floor(fractionTicks / 10_000);
  if (offset !== undefined) {
    const minutes = offsetMinutes(offset);
    if (minutes === null) return null;
    ms -= minutes * 60_000;
  }
  if (!inRange(ms)) return null;
  return { ms, subTicks: fractionTicks % 10_000, kind: 'utc' };
}

function num(text: string | undefined, fallback = 0): number {
  return text === undefined ? fallback : Number(text);
}

/**
 * CDate's parser: the common shapes .NET `DateTime.Parse` accepts with the invariant culture — ISO-8601 dates and
 * date-times with or without an offset (`2020-03-16-07:00` is midnight at UTC−7, i.e. 07:00 UTC), `M/d/yyyy h:mm:ss tt`
 * (the value model's own output, so CDate(CDate(x)) works), `yyyy/M/d`, RFC 1123, `d MMMM yyyy`, `MMMM d, yyyy` and
 * a bare time (today's date from `today`). The result is UTC; an offset is applied, no offset means UTC already.
 * Returns null when the text is not a date.
 */
export function parseDateTime(input: string, today: () => number): DotNetDateTime | null {
  const text = input.trim();
  let m = ISO.exec(text);
  if (m !== null) {
    return build(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), m[7], m[8]);
  }
  m = US.exec(text);
  if (m !== null) {
    const year = m[3]!.length === 2 ? fourDigitYear(num(m[3])) : num(m[3]);
    return build(year, num(m[1]), num(m[2]), hour24(num(m[4]), m[8]), num(m[5]), num(m[6]), m[7], m[9]);
  }
  m = SLASHED_YMD.exec(text);
  if (m !== null) {
    return build(num(m[1]), num(m[2]), num(m[3]), hour24(num(m[4]), m[8]), num(m[5]), num(m[6]), m[7], m[9]);
  }
  m = DAY_MONTH_YEAR.exec(text);
  if (m !== null) {
    const month = MONTH_LOOKUP.get(m[2]!.toLowerCase());
    if (month === undefined) return null;
    return build(num(m[3]), month, num(m[1]), hour24(num(m[4]), m[7]), num(m[5]), num(m[6]), undefined, m[8]);
  }
  m = MONTH_DAY_YEAR.exec(text);
  if (m !== null) {
    const month = MONTH_LOOKUP.get(m[1]!.toLowerCase());
    if (month === undefined) return null;
    return build(num(m[3]), month, num(m[2]), hour24(num(m[4]), m[7]), num(m[5]), num(m[6]), undefined, m[8]);
  }
  m = TIME_ONLY.exec(text);
  if (m !== null) {
    const now = dateParts(today());
    return build(now.year, now.month, now.day, hour24(num(m[1]), m[4]), num(m[2]), num(m[3]), undefined, undefined);
  }
  return null;
}

/** Windows FILETIME epoch (1601-01-01T00:00Z) in JS milliseconds. */
const FILETIME_EPOCH_MS = -11_644_473_600_000;

/** 100-ns ticks since 1601-01-01T00:00Z (AD `accountExpires`, `pwdLastSet`). */
export function toFileTime(value: DotNetDateTime): bigint {
  return (BigInt(value.ms) - BigInt(FILETIME_EPOCH_MS)) * 10_000n + BigInt(value.subTicks);
}

/** Inverse of toFileTime; null when the ticks are beyond 9999-12-31 (as .NET's DateTime.FromFileTimeUtc would throw). */
export function fromFileTime(ticks: bigint): DotNetDateTime | null {
  if (ticks < 0n) return null;
  const ms = Number(ticks / 10_000n) + FILETIME_EPOCH_MS;
  if (!inRange(ms)) return null;
  return { ms, subTicks: Number(ticks % 10_000n), kind: 'utc' };
}
