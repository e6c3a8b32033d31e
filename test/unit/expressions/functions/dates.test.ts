import assert from 'node:assert/strict';
import { evaluateValue, parseExpression } from '../../../../src/core/expressions';
import { assertFails, evaluate } from './evaluate-helper';

const DEFAULT_FORMAT = /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$/;

/** FormatDateTime of a constant with the given formats (and optional styles). */
function fdt(source: string, inputFormat: string, outputFormat: string, styles = ''): string | null {
  const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return evaluate(`FormatDateTime(${q(source)}, ${styles === '' ? '' : q(styles)}, ${q(inputFormat)}, ${q(outputFormat)})`) as string | null;
}

describe('expressions: date functions', () => {
  describe('CDate', () => {
    it('parses ISO-8601 with and without offsets into UTC M/d/yyyy h:mm:ss tt', () => {
      assert.equal(evaluate('CDate("2020-03-16T07:00:00Z")'), '3/16/2020 7:00:00 AM');
      assert.equal(evaluate('CDate("2020-03-16T19:05:09+02:00")'), '3/16/2020 5:05:09 PM');
      assert.equal(evaluate('CDate("2020-01-01T00:30:00+01:00")'), '12/31/2019 11:30:00 PM');
      assert.equal(evaluate('CDate("2020-03-16")'), '3/16/2020 12:00:00 AM');
      assert.equal(evaluate('CDate("2020-03-16-07:00")'), '3/16/2020 7:00:00 AM');
      assert.equal(evaluate('CDate("2020-03-16T07:00:00.9999999")'), '3/16/2020 7:00:00 AM');
    });
    it('parses its own output and other common .NET shapes', () => {
      assert.equal(evaluate('CDate("3/16/2020 7:00:00 PM")'), '3/16/2020 7:00:00 PM');
      assert.equal(evaluate('CDate(CDate("2020-03-16T12:00:00Z"))'), '3/16/2020 12:00:00 PM');
      assert.equal(evaluate('CDate("12/31/2020 12:00:00 AM")'), '12/31/2020 12:00:00 AM');
      assert.equal(evaluate('CDate("Mon, 16 Mar 2020 07:00:00 GMT")'), '3/16/2020 7:00:00 AM');
      assert.equal(evaluate('CDate("March 16, 2020")'), '3/16/2020 12:00:00 AM');
      assert.equal(evaluate('CDate("16 March 2020 13:00")'), '3/16/2020 1:00:00 PM');
      assert.equal(evaluate('CDate("2020/03/16")'), '3/16/2020 12:00:00 AM');
    });
    it('uses the injected clock for a bare time', () => {
      assert.equal(evaluate('CDate("7:30 PM")'), '5/6/2024 7:30:00 PM');
    });
    it('gives null for null and an error for text that is not a date', () => {
      assert.equal(evaluate('CDate([missing])'), null);
      assertFails('CDate("not a date")', 'CDate', /^CDate: expression "not a date" is not a date\/time/);
      assertFails('CDate("2023-02-30")', 'CDate', /"2023-02-30" is not a date\/time/);
      assertFails('CDate("13/1/2020")', 'CDate', /is not a date\/time/);
      assertFails('CDate("")', 'CDate', /is not a date\/time/);
    });
  });

  describe('DateAdd', () => {
    it('adds each interval', () => {
      assert.equal(evaluate('DateAdd("d", 7, CDate("2012-03-16-07:00"))'), '3/23/2012 7:00:00 AM');
      assert.equal(evaluate('DateAdd("d", -1, "2021-03-01")'), '2/28/2021 12:00:00 AM');
      assert.equal(evaluate('DateAdd("ww", 2, "2021-01-01")'), '1/15/2021 12:00:00 AM');
      assert.equal(evaluate('DateAdd("h", 25, "2021-01-01T00:00:00Z")'), '1/2/2021 1:00:00 AM');
      assert.equal(evaluate('DateAdd("n", -30, "2021-01-01T00:00:00Z")'), '12/31/2020 11:30:00 PM');
      assert.equal(evaluate('DateAdd("s", 90, "2021-01-01T00:00:00Z")'), '1/1/2021 12:01:30 AM');
      assert.equal(evaluate('DateAdd("yyyy", 3, "2021-06-15")'), '6/15/2024 12:00:00 AM');
    });
    it('clamps month and year arithmetic to the month end (.NET AddMonths)', () => {
      assert.equal(evaluate('DateAdd("m", 1, "2021-01-31")'), '2/28/2021 12:00:00 AM');
      assert.equal(evaluate('DateAdd("m", 1, "2024-01-31")'), '2/29/2024 12:00:00 AM');
      assert.equal(evaluate('DateAdd("m", -13, "2021-03-31")'), '2/29/2020 12:00:00 AM');
      assert.equal(evaluate('DateAdd("yyyy", 1, "2020-02-29")'), '2/28/2021 12:00:00 AM');
      assert.equal(evaluate('DateAdd("q", 1, "2021-11-30")'), '2/28/2022 12:00:00 AM');
    });
    it('gives null for a null date and errors for bad input', () => {
      assert.equal(evaluate('DateAdd("d", 1, [missing])'), null);
      assertFails('DateAdd("x", 1, "2021-01-01")', 'DateAdd', /interval "x" is not one of yyyy \(year\)/);
      assertFails('DateAdd("d", "1.5", "2021-01-01")', 'DateAdd', /value must be a whole number, got "1.5"/);
      assertFails('DateAdd("d", 1, "garbage")', 'DateAdd', /dateTime "garbage" is not a date\/time/);
      assertFails('DateAdd("yyyy", 8000, "2021-01-01")', 'DateAdd', /outside the supported dates/);
    });
  });

  describe('DateDiff (VB boundary counting)', () => {
    it('counts calendar-day boundaries, not elapsed days', () => {
      assert.equal(evaluate('DateDiff("d", "2021-01-01T23:59:00Z", "2021-01-02T00:01:00Z")'), '1');
      assert.equal(evaluate('DateDiff("d", "2021-01-02T00:01:00Z", "2021-01-01T23:59:00Z")'), '-1');
      assert.equal(evaluate('DateDiff("d", "2021-01-01T00:00:00Z", "2021-01-01T23:59:59Z")'), '0');
      assert.equal(evaluate('DateDiff("d", "2021-01-01", "2021-01-01")'), '0');
    });
    it('counts hour, minute and second boundaries', () => {
      assert.equal(evaluate('DateDiff("h", "2021-01-01T10:59:00Z", "2021-01-01T11:00:00Z")'), '1');
      assert.equal(evaluate('DateDiff("n", "2021-01-01T10:59:59Z", "2021-01-01T11:00:00Z")'), '1');
      assert.equal(evaluate('DateDiff("s", "2021-01-01T10:59:59.9Z", "2021-01-01T11:00:00.1Z")'), '1');
      assert.equal(evaluate('DateDiff("h", "2021-01-01T11:00:00Z", "2021-01-01T11:59:59Z")'), '0');
    });
    it('counts month, quarter and year boundaries', () => {
      assert.equal(evaluate('DateDiff("m", "2021-01-31", "2021-02-01")'), '1');
      assert.equal(evaluate('DateDiff("m", "2021-02-01", "2021-02-28")'), '0');
      assert.equal(evaluate('DateDiff("m", "2022-03-01", "2021-01-01")'), '-14');
      assert.equal(evaluate('DateDiff("q", "2021-03-31", "2021-04-01")'), '1');
      assert.equal(evaluate('DateDiff("yyyy", "2020-12-31", "2021-01-01")'), '1');
      assert.equal(evaluate('DateDiff("yyyy", "2021-01-01", "2021-12-31")'), '0');
    });
    it('counts Sundays for ww and whole weeks for w', () => {
      assert.equal(evaluate('DateDiff("ww", "2021-08-21", "2021-08-22")'), '1');
      assert.equal(evaluate('DateDiff("ww", "2021-08-22", "2021-08-28")'), '0');
      assert.equal(evaluate('DateDiff("ww", "2021-08-28", "2021-08-15")'), '-1');
      assert.equal(evaluate('DateDiff("ww", "2021-08-28", "2021-08-14")'), '-2');
      assert.equal(evaluate('DateDiff("w", "2021-08-21", "2021-08-28")'), '1');
      assert.equal(evaluate('DateDiff("w", "2021-08-22", "2021-08-28")'), '0');
    });
    it('works across the offsets of E16 and gives null for a null date', () => {
      assert.equal(evaluate('DateDiff("d", Now(), CDate([hire]))', { hire: '2024-05-20+08:00' }), '13');
      assert.equal(evaluate('DateDiff("d", [missing], "2021-01-01")'), null);
      assertFails('DateDiff("fortnight", "2021-01-01", "2021-01-02")', 'DateDiff', /interval "fortnight"/);
    });
  });

  describe('DateFromNum / NumFromDate (FILETIME)', () => {
    it('converts AD ticks to a UTC date', () => {
      assert.equal(evaluate('DateFromNum("132223104000000000")'), '1/1/2020 12:00:00 AM');
      assert.equal(evaluate('DateFromNum([accountExpires])', { accountExpires: '133801632000000000' }), '1/1/2025 12:00:00 AM');
      assert.equal(evaluate('DateFromNum(0)'), '1/1/1601 12:00:00 AM');
    });
    it('converts a date to exact ticks', () => {
      assert.equal(evaluate('NumFromDate("2020-01-01T00:00:00Z")'), '132223104000000000');
      assert.equal(evaluate('NumFromDate("2020-01-01T00:00:00.1234567Z")'), '132223104001234567');
      assert.equal(evaluate('NumFromDate("2020-01-01T02:00:00+02:00")'), '132223104000000000');
      assert.equal(evaluate('DateFromNum(NumFromDate("2031-07-04T12:34:56Z"))'), '7/4/2031 12:34:56 PM');
    });
    it('gives null for null, errors for bad or out-of-range input', () => {
      assert.equal(evaluate('DateFromNum([missing])'), null);
      assert.equal(evaluate('NumFromDate([missing])'), null);
      assertFails('DateFromNum("9223372036854775807")', 'DateFromNum', /outside the dates a FILETIME can express/);
      assertFails('DateFromNum("-1")', 'DateFromNum', /outside/);
      assertFails('DateFromNum("soon")', 'DateFromNum', /"soon" is not a whole number of 100-ns ticks/);
      assertFails('NumFromDate("1600-12-31")', 'NumFromDate', /before 1\/1\/1601/);
      assertFails('NumFromDate("tomorrow")', 'NumFromDate', /value "tomorrow" is not a date\/time/);
    });
  });

  describe('Now', () => {
    it('reads the injected clock', () => {
      assert.equal(evaluate('Now()'), '5/6/2024 7:08:09 AM');
      assert.equal(evaluate('Now()', {}, { now: () => new Date('2030-12-31T23:59:59Z') }), '12/31/2030 11:59:59 PM');
    });
    it('rejects an invalid injected clock', () => {
      assertFails('Now()', 'Now', /the clock returned an invalid date/, {}, { now: () => new Date('garbage') });
    });
    it('uses the real clock by default', () => {
      const before = Date.now();
      const text = evaluateValue(parseExpression('Now()'), { source: {} }) as string;
      assert.match(text, DEFAULT_FORMAT);
      const parsed = Date.parse(text.replace(/ (AM|PM)$/, ' $1 UTC'));
      assert.ok(Math.abs(parsed - before) < 5000, `${text} should be about now`);
    });
  });

  describe('FormatDateTime', () => {
    it('parses AD generalized time and formats (E27)', () => {
      assert.equal(fdt('20150123105347.1Z', 'yyyyMMddHHmmss.fZ', 'yyyy-MM-dd'), '2015-01-23');
      assert.equal(fdt('20150123105347.1Z', 'yyyyMMddHHmmss.fZ', 'yyyy-MM-ddTHH:mm:ss.fffK'), '2015-01-23T10:53:47.100Z');
    });
    it('names the function, the value and the input format when the value does not match', () => {
      const error = assertFails('FormatDateTime("2015-01-23", , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', 'FormatDateTime', /./);
      assert.equal(error.message, 'FormatDateTime: "2015-01-23" does not match input format "yyyyMMddHHmmss.fZ"');
      assertFails('FormatDateTime("2023-02-30", , "yyyy-MM-dd", "d")', 'FormatDateTime', /does not match/);
      assertFails('FormatDateTime("13:00", , "h:mm", "HH")', 'FormatDateTime', /does not match/);
      assertFails('FormatDateTime("Tue 2024-05-06", , "ddd yyyy-MM-dd", "d")', 'FormatDateTime', /does not match/);
    });
    it('formats every custom specifier', () => {
      const input = '2024-05-06 07:08:09';
      const f = (out: string): string | null => fdt(input, 'yyyy-MM-dd HH:mm:ss', out);
      assert.equal(f('dddd, MMMM d, yyyy'), 'Monday, May 6, 2024');
      assert.equal(f('ddd MMM dd yy'), 'Mon May 06 24');
      assert.equal(f('h:mm tt'), '7:08 AM');
      assert.equal(f('hh:mm t'), '07:08 A');
      assert.equal(f('H:m:s'), '7:8:9');
      assert.equal(f('%d'), '6');
      assert.equal(f('%M'), '5');
      assert.equal(f("'Day' d"), 'Day 6');
      assert.equal(f('"at" HH'), 'at 07');
      assert.equal(f('\\d d'), 'd 6');
      assert.equal(f('y|yy|yyy|yyyy|yyyyy'), '24|24|2024|2024|02024');
      assert.equal(f('z|zz|zzz'), '+0|+00|+00:00');
      assert.equal(f('[K]'), '[]');
      assert.equal(f('%g'), 'A.D.');
      assert.equal(f('gg'), 'A.D.');
      assert.equal(f('ss.FFF'), '09');
      assert.equal(f('ss.fff'), '09.000');
      assert.equal(f('yyyy/MM/dd HH:mm'), '2024/05/06 07:08');
    });
    it('expands one-character standard formats', () => {
      const f = (out: string): string | null => fdt('2024-05-06 17:08:09', 'yyyy-MM-dd HH:mm:ss', out);
      assert.equal(f('d'), '05/06/2024');
      assert.equal(f('D'), 'Monday, 06 May 2024');
      assert.equal(f('s'), '2024-05-06T17:08:09');
      assert.equal(f('o'), '2024-05-06T17:08:09.0000000');
      assert.equal(f('g'), '05/06/2024 17:08');
      assert.equal(f('G'), '05/06/2024 17:08:09');
      assert.equal(f('u'), '2024-05-06 17:08:09Z');
      assert.equal(f('R'), 'Mon, 06 May 2024 17:08:09 GMT');
      assert.equal(f('t'), '17:08');
      assert.equal(f('y'), '2024 May');
    });
    it('parses and prints fractions', () => {
      const f = (out: string): string | null => fdt('2024-05-06 07:08:09.1234567', 'yyyy-MM-dd HH:mm:ss.fffffff', out);
      assert.equal(f('fffffff'), '1234567');
      assert.equal(f('ff'), '12');
      assert.equal(f('FFFF'), '1234');
      assert.equal(fdt('09.5', 'ss.FFF', 'fff'), '500');
      assert.equal(fdt('09', 'ss.FFF', 'ss'), '09');
      assertFails('FormatDateTime("09", , "ss.fff", "ss")', 'FormatDateTime', /does not match/);
    });
    it('applies offsets and reports the kind through K', () => {
      assert.equal(fdt('2024-05-06 07:08:09 +02:00', 'yyyy-MM-dd HH:mm:ss zzz', 'HH:mm K'), '05:08 +00:00');
      assert.equal(fdt('2024-05-06T07:08:09Z', 'yyyy-MM-ddTHH:mm:ssK', 'HH K'), '07 Z');
      assert.equal(fdt('2024-05-06T07:08:09+01:00', 'yyyy-MM-ddTHH:mm:ssK', 'HH K'), '06 +00:00');
      assert.equal(fdt('2024-05-06T07:08:09-0530', 'yyyy-MM-ddTHH:mm:sszzz', 'HH:mm'), '12:38');
      assert.equal(fdt('2024-05-06T07:08:09+2:00', 'yyyy-MM-ddTHH:mm:sszzz', 'HH:mm'), '05:08');
      assert.equal(fdt('2024-05-06T07:08:09+02', 'yyyy-MM-ddTHH:mm:sszz', 'HH:mm'), '05:08');
      assertFails('FormatDateTime("2024-05-06T07:08:09Z", , "yyyy-MM-ddTHH:mm:sszzz", "d")', 'FormatDateTime', /does not match/);
    });
    it('parses 12-hour clocks, names and two-digit years', () => {
      assert.equal(fdt('5/6/2024 7:08:09 PM', 'M/d/yyyy h:mm:ss tt', 'HH:mm'), '19:08');
      assert.equal(fdt('12:00 AM', 'hh:mm tt', 'HH:mm'), '00:00');
      assert.equal(fdt('12:30 pm', 'hh:mm tt', 'HH:mm'), '12:30');
      assert.equal(fdt('06-May-2024', 'dd-MMM-yyyy', 'yyyy-MM-dd'), '2024-05-06');
      assert.equal(fdt('6 MAY 2024', 'd MMMM yyyy', 'yyyy-MM-dd'), '2024-05-06');
      assert.equal(fdt('Monday 2024-05-06', 'dddd yyyy-MM-dd', 'd'), '05/06/2024');
      assert.equal(fdt('49-01-01', 'yy-MM-dd', 'yyyy'), '2049');
      assert.equal(fdt('50-01-01', 'yy-MM-dd', 'yyyy'), '1950');
    });
    it('fills missing date parts like .NET (today from the injected clock)', () => {
      assert.equal(fdt('07:08', 'HH:mm', 'yyyy-MM-dd HH:mm'), '2024-05-06 07:08');
      assert.equal(fdt('07:08', 'HH:mm', 'yyyy-MM-dd HH:mm', 'NoCurrentDateDefault'), '0001-01-01 07:08');
      assert.equal(fdt('2019', 'yyyy', 'yyyy-MM-dd'), '2019-01-01');
      assert.equal(fdt('03-15', 'MM-dd', 'yyyy-MM-dd'), '2024-03-15');
    });
    it('honours the white-space styles', () => {
      assert.equal(fdt(' 20240506 ', 'yyyyMMdd', 'yyyy-MM-dd'), '2024-05-06');
      assertFails('FormatDateTime(" 20240506", "None", "yyyyMMdd", "d")', 'FormatDateTime', /does not match/);
      assertFails('FormatDateTime("2024-05-06  07:08", , "yyyy-MM-dd HH:mm", "d")', 'FormatDateTime', /does not match/);
      assert.equal(fdt('2024-05-06  07:08', 'yyyy-MM-dd HH:mm', 'HH:mm', 'AllowWhiteSpaces'), '07:08');
      assert.equal(fdt('2024-05-06 07:08', 'yyyy-MM-dd HH:mm', '%K', 'AssumeUniversal, AdjustToUniversal'), 'Z');
      assert.equal(fdt('2024-05-06 07:08', 'yyyy-MM-dd HH:mm', '[K]'), '[]');
    });
    it('rejects invalid formats and styles with specific messages', () => {
      assertFails('FormatDateTime("2024", , "yyyy", "\'abc")', 'FormatDateTime', /output format "'abc" is invalid: the quoted literal starting at position 1 is not closed/);
      assertFails('FormatDateTime("2024", , "yyyy", "ffffffff")', 'FormatDateTime', /at most 7 fraction digits/);
      assertFails('FormatDateTime("2024", , "Q", "d")', 'FormatDateTime', /input format "Q" is invalid: "Q" is not a standard format/);
      assertFails('FormatDateTime("2024", "Bogus", "yyyy", "d")', 'FormatDateTime', /dateTimeStyles: "Bogus" is not a DateTimeStyles value/);
      assertFails('FormatDateTime("2024", "RoundtripKind, AssumeUniversal", "yyyy", "d")', 'FormatDateTime', /dateTimeStyles: RoundtripKind cannot be combined/);
      assertFails('FormatDateTime("2024", , "yyyy", "")', 'FormatDateTime', /outputFormat is empty/);
      assertFails('FormatDateTime("2024", , "yyyy", "K")', 'FormatDateTime', /"K" is not a standard format/);
    });
    it('gives null for a null source', () => {
      assert.equal(evaluate('FormatDateTime([missing], , "yyyy", "d")'), null);
    });
  });
});
