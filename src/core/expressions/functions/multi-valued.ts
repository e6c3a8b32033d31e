/** Functions that see whole lists rather than their first value: Join, Split, Item, Count, RemoveDuplicates. */
import type { FunctionNode } from '../ast';
import type { ComplexValue, Value } from '../values';
import { type Evaluator, type FunctionImplementation, complexToString, integerArgument, requireArgument } from './runtime';

/**
 * Join(separator, source1, …): a list contributes all its values; null and "" sources (and "" values) are skipped so
 * separators never double (reference §3.8, E76). Nothing left → "".
 */
function join(call: FunctionNode, ev: Evaluator): Value {
  const separator = ev.string(call, 0) ?? '';
  const parts: string[] = [];
  for (let i = 1; i < call.args.length; i++) {
    const value = ev.value(call, i);
    if (value === null) continue;
    if (typeof value === 'string') {
      if (value !== '') parts.push(value);
      continue;
    }
    for (const item of value) {
      const text = typeof item === 'string' ? item : complexToString(item);
      if (text !== '') parts.push(text);
    }
  }
  return parts.join(separator);
}

/**
 * Split(source, delimiter): .NET String.Split on the whole delimiter string — no trimming, empty items kept
 * (reference §3.5). Delimiter omitted → ","; an empty delimiter does not split (as .NET ignores empty separators).
 */
function split(call: FunctionNode, ev: Evaluator): Value {
  const source = ev.string(call, 0);
  if (source === null) return null;
  const delimiter = call.args[1] == null ? ',' : (ev.string(call, 1) ?? '');
  return delimiter === '' ? [source] : source.split(delimiter);
}

/** A value as a list: a scalar is a one-value list, null is empty. */
function listOf(value: Value): ReadonlyArray<string | ComplexValue> {
  if (value === null) return [];
  return typeof value === 'string' ? [value] : value;
}

/** Item(attribute, index): 1-based; 0 or out of range → null (Implement). */
function item(call: FunctionNode, ev: Evaluator): Value {
  const index = integerArgument(call, ev, 1, 'index');
  requireArgument(call, 0, 'attribute');
  const list = listOf(ev.value(call, 0));
  if (index < 1 || index > list.length) return null;
  const found = list[index - 1]!;
  return typeof found === 'string' ? found : complexToString(found);
}

/** Count(attribute): number of values; null → "0", a non-empty single value → "1", "" → "0" (Implement). */
function count(call: FunctionNode, ev: Evaluator): Value {
  const value = ev.value(call, 0);
  if (typeof value === 'string') return value === '' ? '0' : '1';
  return String(listOf(value).length);
}

/** RemoveDuplicates(attribute): first occurrence kept, order preserved, ordinal comparison (Implement). */
function removeDuplicates(call: FunctionNode, ev: Evaluator): Value {
  const value = ev.value(call, 0);
  if (value === null || typeof value === 'string') return value;
  if (value.length === 0) return value;
  if (typeof value[0] === 'string') return [...new Set(value as ReadonlyArray<string>)];
  const seen = new Set<string>();
  return (value as ReadonlyArray<ComplexValue>).filter((entry) => {
    const key = JSON.stringify(entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const MULTI_VALUED_FUNCTIONS: Readonly<Record<string, FunctionImplementation>> = {
  Join: join,
  Split: split,
  Item: item,
  Count: count,
  RemoveDuplicates: removeDuplicates,
};

