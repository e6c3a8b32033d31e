/** Guid() and RandomString(): random values from the context's injectable random source (reproducible in tests). */
import type { FunctionNode } from '../ast';
import type { Value } from '../values';
import { type Evaluator, type FunctionImplementation, fail, integerArgument } from './runtime';

/** An integer in [0, bound) from a [0, 1) source (clamped in case a custom source returns 1). */
function randomBelow(ev: Evaluator, bound: number): number {
  return Math.min(bound - 1, Math.floor(ev.random() * bound));
}

/** A version-4 GUID, lower-case `8-4-4-4-12`, no braces (.NET Guid.NewGuid().ToString()). */
function guid(_call: FunctionNode, ev: Evaluator): Value {
  let hex = '';
  for (let i = 0; i < 16; i++) {
    let byte = randomBelow(ev, 256);
    if (i === 6) byte = (byte & 0x0f) | 0x40; // version 4
    if (i === 8) byte = (byte & 0x3f) | 0x80; // RFC 4122 variant
    hex += byte.toString(16).padStart(2, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Character classes of the Windows password-complexity definition: upper-case and lower-case letters (Latin, as the
 * generated strings must survive every target), base-10 digits, and the listed non-alphanumeric characters.
 */
export const PASSWORD_CLASSES = {
  numbers: '0123456789',
  special: '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/',
  capital: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lowerCase: 'abcdefghijklmnopqrstuvwxyz',
} as const;

export const RANDOM_STRING_MAX_LENGTH = 256;

/**
 * RandomString(Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase[, CharactersToAvoid]):
 * the minimums are drawn from their classes, the rest from all classes, then the whole string is shuffled.
 */
function randomString(call: FunctionNode, ev: Evaluator): Value {
  const length = integerArgument(call, ev, 0, 'Length');
  const minimums = [
    ['MinimumNumbers', PASSWORD_CLASSES.numbers],
    ['MinimumSpecialCharacters', PASSWORD_CLASSES.special],
    ['MinimumCapital', PASSWORD_CLASSES.capital],
    ['MinimumLowerCase', PASSWORD_CLASSES.lowerCase],
  ] as const;
  const avoid = ev.string(call, 5) ?? '';
  if (length < 1 || length > RANDOM_STRING_MAX_LENGTH) fail(call, `Length must be between 1 and ${RANDOM_STRING_MAX_LENGTH}, got ${length}`);
  const chars: string[] = [];
  let required = 0;
  let everything = '';
  const counts: number[] = [];
  minimums.forEach(([parameter], i) => {
    const minimum = integerArgument(call, ev, i + 1, parameter);
    if (minimum < 0) fail(call, `${parameter} must not be negative, got ${minimum}`);
    counts.push(minimum);
    required += minimum;
  });
  if (required > length) fail(call, `Length ${length} is shorter than the sum of the minimums (${required})`);
  minimums.forEach(([parameter, all], i) => {
    const pool = [...all].filter((ch) => !avoid.includes(ch)).join('');
    if (counts[i]! > 0 && pool === '') fail(call, `${parameter} is ${counts[i]} but CharactersToAvoid excludes every character of that class`);
    everything += pool;
    for (let n = 0; n < counts[i]!; n++) chars.push(pool[randomBelow(ev, pool.length)]!);
  });
  if (everything === '') fail(call, 'CharactersToAvoid excludes every allowed character');
  while (chars.length < length) chars.push(everything[randomBelow(ev, everything.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBelow(ev, i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export const RANDOM_FUNCTIONS: Readonly<Record<string, FunctionImplementation>> = {
  Guid: guid,
  RandomString: randomString,
};
