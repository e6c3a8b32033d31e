/**
 * Date functions: CDate, DateAdd, DateDiff, DateFromNum, NumFromDate, FormatDateTime, Now. DateTime values travel as
 * the value model's `M/d/yyyy h:mm:ss tt` UTC text (reference §3.3); functions taking a date parse any text CDate
 * accepts.
 */
import type { FunctionNode } from '../ast';
import { DEFAULT_STYLES, DateFormatError, formatDateTime, parseDateTimeStyles, parseExact } from '../dotnet/date-format';
import {
  type DotNetDateTime,
  MS_PER_DAY,
  dateParts,
  daysInMonth,
  formatDefault,
  fromFileTime,
  inRange,
  parseDateTime,
  toFileTime,
} from '../dotnet/date-time';
import type { Value } from '../values';
import { type Evaluator, type FunctionImplementation, fail, integerArgument, parseBigInteger, requireArgument } from './runtime';

/** A date argument; null when the value is null. Unparseable text is an evaluation error. */
function dateArgument(call: FunctionNode, ev: Evaluator, index: number, parameter: string): DotNetDateTime | null {
  requireArgument(call, index, parameter);
  const text = ev.string(call, index);
  if (text === null) return null;
  const parsed = parseDateTime(text, () => ev.now());
  if (parsed === null) {
    fail(call, `${parameter} "${text}" is not a date/time (use ISO-8601 such as 2020-03-16T07:00:00Z, or M/d/yyyy h:mm:ss tt; wrap other formats in FormatDateTime)`);
  }
  return parsed;
}

type Interval = 'yyyy' | 'q' | 'm' | 'y' | 'd' | 'w' | 'ww' | 'h' | 'n' | 's';
const INTERVALS: ReadonlyArray<Interval> = ['yyyy', 'q', 'm', 'y', 'd', 'w', 'ww', 'h', 'n', 's'];

function intervalArgument(call: FunctionNode, ev: Evaluator): Interval {
  requireArgument(call, 0, 'interval');
  const text = (ev.string(call, 0) ?? '').trim();
  const interval = INTERVALS.find((i) => i === text.toLowerCase());
  if (interval === undefined) {
    fail(call, `interval "${text}" is not one of yyyy (year), q (quarter), m (month), d (day), ww (week), h (hour), n (minute), s (second)`);
  }
  return interval;
}

/** .NET AddMonths: the day is clamped to the end of the target month (Jan 31 + 1 month = Feb 28/29). */
function addMonths(ms: number, months: number): number | null {
  const p = dateParts(ms);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  if (year < 1 || year > 9999) return null;
  const day = Math.min(p.day, daysInMonth(year, month));
  const date = new Date(ms);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function dateAdd(call: FunctionNode, ev: Evaluator): Value {
  const interval = intervalArgument(call, ev);
  const amount = integerArgument(call, ev, 1, 'value');
  const date = dateArgument(call, ev, 2, 'dateTime');
  if (date === null) return null;
  let ms: number | null;
  switch (interval) {
    case 'yyyy': ms = addMonths(date.ms, amount * 12); break;
    case 'q': ms = addMonths(date.ms, amount * 3); break;
    case 'm': ms = addMonths(date.ms, amount); break;
    case 'y': case 'd': case 'w': ms = date.ms + amount * MS_PER_DAY; break;
    case 'ww': ms = date.ms + amount * 7 * MS_PER_DAY; break;
    case 'h': ms = date.ms + amount * 3_600_000; break;
    case 'n': ms = date.ms + amount * 60_000; break;
    case 's': ms = date.ms + amount * 1000; break;
  }
  if (ms === null || !inRange(ms)) fail(call, 'the result is outside the supported dates (1/1/0001 to 12/31/9999)');
  return formatDefault(ms);
}

/** Index of the Sunday-based week containing a day number (days since 1970-01-01, a Thursday). */
function sundayWeek(day: number): number {
  return Math.floor((day + 4) / 7);
}

/**
 * VB DateDiff by boundary counting on the UTC values (reference §3.5, §3.8): how many interval boundaries lie between
 * date1 and date2 — `d` calendar days, `m` months, `yyyy` years, `ww` Sundays, `h`/`n`/`s` hours/minutes/seconds.
 * `w` is whole weeks elapsed (VB's weekday interval).
 */
function dateDiff(call: FunctionNode, ev: Evaluator): Value {
  const interval = intervalArgument(call, ev);
  const first = dateArgument(call, ev, 1, 'date1');
  const second = dateArgument(call, ev, 2, 'date2');
  if (first === null || second === null) return null;
  const a = first.ms;
  const b = second.ms;
  const boundaries = (unit: number): number => Math.floor(b / unit) - Math.floor(a / unit);
  let result: number;
  switch (interval) {
    case 'yyyy': result = dateParts(b).year - dateParts(a).year; break;
    case 'q': {
      const pa = dateParts(a);
      const pb = dateParts(b);
      result = (pb.year - pa.year) * 4 + Math.floor((pb.month - 1) / 3) - Math.floor((pa.month - 1) / 3);
      break;
    }
    case 'm': {
      const pa = dateParts(a);
      const pb = dateParts(b);
      result = (pb.year - pa.year) * 12 + (pb.month - pa.month);
      break;
    }
    case 'y': case 'd': result = boundaries(MS_PER_DAY); break;
    case 'w': result = Math.trunc((Math.floor(b / MS_PER_DAY) - Math.floor(a / MS_PER_DAY)) / 7); break;
    case 'ww': result = sundayWeek(Math.floor(b / MS_PER_DAY)) - sundayWeek(Math.floor(a / MS_PER_DAY)); break;
    case 'h': result = boundaries(3_600_000); break;
    case 'n': result = boundaries(60_000); break;
    case 's': result = boundaries(1000); break;
  }
  return String(result);
}

function dateFromNum(call: FunctionNode, ev: Evaluator): Value {
  const text = ev.string(call, 0);
  if (text === null) return null;
  const ticks = parseBigInteger(text);
  if (ticks === null) fail(call, `"${text}" is not a whole number of 100-ns ticks since 1601-01-01 (an AD date such as accountExpires)`);
  const date = fromFileTime(ticks);
  // AD's "never expires" values (0x7FFFFFFFFFFFFFFF) are beyond .NET's DateTime range, as in DateTime.FromFileTimeUtc.
  if (date === null) fail(call, `${text} is outside the dates a FILETIME can express here (1/1/1601 to 12/31/9999)`);
  return formatDefault(date.ms);
}

function numFromDate(call: FunctionNode, ev: Evaluator): Value {
  const date = dateArgument(call, ev, 0, 'value');
  if (date === null) return null;
  if (date.ms < -11_644_473_600_000) fail(call, 'dates before 1/1/1601 have no AD (FILETIME) value');
  return toFileTime(date).toString();
}

/** FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat): ParseExact, then ToString, with .NET formats. */
function formatDateTimeFunction(call: FunctionNode, ev: Evaluator): Value {
  requireArgument(call, 2, 'inputFormat');
  requireArgument(call, 3, 'outputFormat');
  const inputFormat = ev.string(call, 2);
  const outputFormat = ev.string(call, 3);
  if (inputFormat === null || inputFormat === '') fail(call, 'inputFormat is empty');
  if (outputFormat === null || outputFormat === '') fail(call, 'outputFormat is empty');
  let styles = DEFAULT_STYLES;
  const stylesText = ev.string(call, 1);
  if (stylesText !== null && stylesText.trim() !== '') {
    try {
      styles = parseDateTimeStyles(stylesText);
    } catch (error) {
      fail(call, `dateTimeStyles: ${(error as Error).message}`);
    }
  }
  const source = ev.string(call, 0);
  if (source === null) return null;
  let parsed: DotNetDateTime | null;
  try {
    parsed = parseExact(source, inputFormat, styles, () => ev.now());
  } catch (error) {
    if (error instanceof DateFormatError) fail(call, `input format "${inputFormat}" is invalid: ${error.message}`);
    throw error;
  }
  if (parsed === null) fail(call, `"${source}" does not match input format "${inputFormat}"`);
  try {
    return formatDateTime(parsed, outputFormat);
  } catch (error) {
    if (error instanceof DateFormatError) fail(call, `output format "${outputFormat}" is invalid: ${error.message}`);
    throw error;
  }
}

export const DATE_FUNCTIONS: Readonly<Record<string, FunctionImplementation>> = {
  CDate: (call, ev) => {
    const date = dateArgument(call, ev, 0, 'expression');
    return date === null ? null : formatDefault(date.ms);
  },
  DateAdd: dateAdd,
  DateDiff: dateDiff,
  DateFromNum: dateFromNum,
  NumFromDate: numFromDate,
  FormatDateTime: formatDateTimeFunction,
  Now: (call, ev) => {
    const ms = ev.now();
    if (!inRange(ms)) fail(call, 'the clock returned an invalid date or one outside 1/1/0001–12/31/9999');
    return formatDefault(ms);
  },
};
