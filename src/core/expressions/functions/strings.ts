/**
 * String functions: Append, Prepend, CStr, Left, Mid, Word, InStr, StripSpaces, ToLower, ToUpper, the encodings and
 * BitAnd. Lengths and positions count UTF-16 code units, as .NET strings do.
 */
import type { FunctionNode } from '../ast';
import { toLowerCulture, toLowerInvariant, toUpperCulture, toUpperInvariant } from '../dotnet/casing';
import type { Value } from '../values';
import { type Evaluator, type FunctionImplementation, fail, integerArgument, parseBigInteger, requireArgument } from './runtime';

function left(call: FunctionNode, ev: Evaluator): Value {
  const count = integerArgument(call, ev, 1, 'NumChars');
  const text = ev.string(call, 0);
  // Reference §3.5: a null string gives ""; a negative count gives the input unchanged.
  if (text === null) return '';
  if (count < 0) return text;
  return text.slice(0, count);
}

/**
 * Mid(source, start, length): 1-based start. Runs past the end → the rest; start beyond the end → "" (Implement).
 * Decisions: a null source gives "" (like Left and Word); start < 1 or a negative length is an error, as in VB.
 */
function mid(call: FunctionNode, ev: Evaluator): Value {
  const start = integerArgument(call, ev, 1, 'start');
  const length = integerArgument(call, ev, 2, 'length');
  if (start < 1) fail(call, `start must be 1 or more (positions are 1-based), got ${start}`);
  if (length < 0) fail(call, `length must not be negative, got ${length}`);
  const text = ev.string(call, 0);
  if (text === null) return '';
  return text.slice(start - 1, start - 1 + length);
}

/**
 * Word(String, WordNumber, Delimiters): the n-th word when splitting on any delimiter character; runs of delimiters
 * do not make empty words (Implement). Out of range, < 1, or a null string → "". No delimiters → the whole string is
 * one word.
 */
function word(call: FunctionNode, ev: Evaluator): Value {
  const n = integerArgument(call, ev, 1, 'WordNumber');
  const text = ev.string(call, 0);
  if (text === null || n < 1) return '';
  const delimiters = ev.string(call, 2) ?? '';
  let count = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const isDelimiter = i === text.length || delimiters.includes(text[i]!);
    if (!isDelimiter) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (++count === n) return text.slice(start, i);
      start = -1;
    }
  }
  return '';
}

/**
 * InStr(value1, value2[, start][, compareType]) with VB.NET's rules (the service is .NET): 1-based position or 0;
 * null counts as ""; an empty value1 or a start past its end gives 0; an empty value2 gives start; start < 1 is an
 * error.
 */
function inStr(call: FunctionNode, ev: Evaluator): Value {
  const start = call.args[2] == null ? 1 : integerArgument(call, ev, 2, 'start');
  if (start < 1) fail(call, `start must be 1 or more (positions are 1-based), got ${start}`);
  let textCompare = false;
  if (call.args[3] != null) {
    const compareType = (ev.string(call, 3) ?? '').trim();
    const lower = compareType.toLowerCase();
    if (lower === 'vbtextcompare' || compareType === '1') textCompare = true;
    else if (lower !== 'vbbinarycompare' && compareType !== '0') fail(call, `compareType must be vbBinaryCompare (0) or vbTextCompare (1), got "${compareType}"`);
  }
  let haystack = ev.string(call, 0) ?? '';
  let needle = ev.string(call, 1) ?? '';
  if (haystack.length === 0 || start - 1 > haystack.length) return '0';
  if (needle === '') return String(start);
  if (textCompare) {
    // Simple (length-preserving) case mapping keeps positions aligned with the original string.
    haystack = toLowerInvariant(haystack);
    needle = toLowerInvariant(needle);
  }
  return String(haystack.indexOf(needle, start - 1) + 1);
}

function casing(call: FunctionNode, ev: Evaluator, invariant: (s: string) => string, cultural: (s: string, c: string) => string): Value {
  const text = ev.string(call, 0);
  const culture = ev.string(call, 1);
  if (text === null) return null;
  if (culture === null || culture === '') return invariant(text);
  try {
    return cultural(text, culture);
  } catch {
    return fail(call, `"${culture}" is not a valid RFC 4646 culture name (for example en-US or tr-TR)`);
  }
}

/**
 * BitAnd(value1, value2): bitwise AND of two integers (decimal or VB hex `&HFF`), as a decimal string. Computed in
 * 64 bits like .NET's Int64, so large flag values stay exact.
 */
function bitAnd(call: FunctionNode, ev: Evaluator): Value {
  const operands: bigint[] = [];
  for (const [index, parameter] of [[0, 'value1'], [1, 'value2']] as const) {
    requireArgument(call, index, parameter);
    const text = ev.string(call, index);
    if (text === null) return null;
    const value = parseBigInteger(text);
    if (value === null) fail(call, `${parameter} must be an integer (decimal or &H hex), got "${text}"`);
    if (value < -(2n ** 63n) || value >= 2n ** 64n) fail(call, `${parameter} ${text} does not fit in 64 bits`);
    operands.push(BigInt.asIntN(64, value));
  }
  return (operands[0]! & operands[1]!).toString();
}

/** Decisions for the one-argument converters: null stays null (nothing to convert). */
function unary(fn: (text: string) => string): (call: FunctionNode, ev: Evaluator) => Value {
  return (call, ev) => {
    const text = ev.string(call, 0);
    return text === null ? null : fn(text);
  };
}

export const STRING_FUNCTIONS: Readonly<Record<string, FunctionImplementation>> = {
  // Reference §3.5 (Implement): a null source is "" — the result is the suffix.
  Append: (call, ev) => (ev.string(call, 0) ?? '') + (ev.string(call, 1) ?? ''),
  // Legacy (reference §3.5): prefix + source.
  Prepend: (call, ev) => (ev.string(call, 0) ?? '') + (ev.string(call, 1) ?? ''),
  CStr: unary((text) => text),
  Left: left,
  Mid: mid,
  Word: word,
  InStr: inStr,
  // Only U+0020 is removed; tabs and other white space stay (reference §3.5).
  StripSpaces: unary((text) => text.replaceAll(' ', '')),
  ToLower: (call, ev) => casing(call, ev, toLowerInvariant, toLowerCulture),
  ToUpper: (call, ev) => casing(call, ev, toUpperInvariant, toUpperCulture),
  // .NET Encoding.Unicode = UTF-16LE: "Hello world!" → SABlAGwAbABvACAAdwBvAHIAbABkACEA.
  ConvertToBase64: unary((text) => Buffer.from(text, 'utf16le').toString('base64')),
  ConvertToUTF8Hex: unary((text) => Buffer.from(text, 'utf8').toString('hex').toUpperCase()),
  BitAnd: bitAnd,
};
