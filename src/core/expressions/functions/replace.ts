/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template) —
 * five modes chosen by which arguments are written (reference §3.5, §3.8):
 *   (a) oldValue + replacementValue            → every occurrence of oldValue in source (ordinal, case-sensitive)
 *   (b) oldValue + template                    → every occurrence of oldValue in the template, replaced by source
 *   (c) regexPattern + replacementValue        → .NET Regex.Replace(source, pattern, replacement)
 *   (d) regexPattern + regexGroupName + replacementValue → only the named group's span in every match
 *   (e) regexPattern + regexGroupName + replacementAttributeName → source if it has a value, else the named group of
 *       the first match in the replacement attribute's value
 * Decisions: a null source gives null in modes a–d (nothing to replace; for (b) an absent user id must not become
 * "@contoso.com"); when both replacementValue and template are written with oldValue, (a) wins; a null
 * replacementValue replaces with "" (as .NET does); an empty or null oldValue is an error (.NET String.Replace throws).
 */
import type { FunctionNode } from '../ast';
import { RegexTranslationError, compileDotNetRegex, firstGroupCapture, regexReplace, replaceGroup } from '../dotnet/regex';
import type { Value } from '../values';
import { type Evaluator, type FunctionImplementation, fail, scalarOf } from './runtime';

const SOURCE = 0;
const OLD_VALUE = 1;
const PATTERN = 2;
const GROUP = 3;
const REPLACEMENT = 4;
const REPLACEMENT_ATTRIBUTE = 5;
const TEMPLATE = 6;

function withRegex<T>(call: FunctionNode, pattern: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RegexTranslationError) fail(call, `invalid regexPattern "${pattern}": ${error.message}`);
    throw error;
  }
}

function groupName(call: FunctionNode, ev: Evaluator, pattern: string): string {
  const name = ev.string(call, GROUP);
  if (name === null || name === '') fail(call, 'regexGroupName is empty; give the name of a (?<name>…) group in the pattern');
  if (!compileDotNetRegex(pattern).names.has(name)) fail(call, `the pattern "${pattern}" has no group named "${name}"`);
  return name;
}

/** Mode (e)'s attribute: an `[attribute]` argument is read directly; any other argument yields the attribute's name. */
function replacementAttributeValue(call: FunctionNode, ev: Evaluator): string | null {
  const node = call.args[REPLACEMENT_ATTRIBUTE]!;
  if (node.type === 'Attribute') return ev.string(call, REPLACEMENT_ATTRIBUTE);
  const name = ev.string(call, REPLACEMENT_ATTRIBUTE);
  return name === null ? null : scalarOf(ev.attribute(name));
}

function replace(call: FunctionNode, ev: Evaluator): Value {
  const has = (i: number): boolean => call.args[i] != null;
  if (has(OLD_VALUE)) {
    if (!has(REPLACEMENT) && !has(TEMPLATE)) fail(call, 'with oldValue, give replacementValue (argument 5) or template (argument 7)');
    const oldValue = ev.string(call, OLD_VALUE);
    if (oldValue === null || oldValue === '') fail(call, 'oldValue is empty; give the text to find');
    const source = ev.string(call, SOURCE);
    if (source === null) return null;
    // split/join, not String.replaceAll: a string replacement would interpret "$&" and friends.
    if (has(REPLACEMENT)) return source.split(oldValue).join(ev.string(call, REPLACEMENT) ?? '');
    const template = ev.string(call, TEMPLATE);
    return template === null ? null : template.split(oldValue).join(source);
  }
  if (!has(PATTERN)) fail(call, 'give either oldValue (argument 2) or regexPattern (argument 3)');
  const pattern = ev.string(call, PATTERN);
  if (pattern === null) fail(call, 'regexPattern is null');
  // Validate the pattern even when the source is null, so a bad pattern fails for every user, not just some.
  withRegex(call, pattern, () => compileDotNetRegex(pattern));
  if (has(GROUP) && has(REPLACEMENT_ATTRIBUTE) && !has(REPLACEMENT)) {
    const name = groupName(call, ev, pattern);
    const source = ev.string(call, SOURCE);
    if (source !== null && source !== '') return source;
    const other = replacementAttributeValue(call, ev);
    if (other === null) return null;
    return withRegex(call, pattern, () => firstGroupCapture(other, pattern, name));
  }
  if (!has(REPLACEMENT)) fail(call, 'with regexPattern, give replacementValue (argument 5), or regexGroupName with replacementAttributeName (argument 6)');
  const replacement = ev.string(call, REPLACEMENT) ?? '';
  if (has(GROUP)) {
    const name = groupName(call, ev, pattern);
    const source = ev.string(call, SOURCE);
    return source === null ? null : withRegex(call, pattern, () => replaceGroup(source, pattern, name, replacement));
  }
  const source = ev.string(call, SOURCE);
  return source === null ? null : withRegex(call, pattern, () => regexReplace(source, pattern, replacement));
}

export const REPLACE_FUNCTIONS: Readonly<Record<string, FunctionImplementation>> = {
  Replace: replace,
};
