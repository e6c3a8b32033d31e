/**
 * Expression values → Zendesk JSON, and the comparison that decides whether an attribute changed. Every expression
 * value is a string (reference §3.3); Zendesk wants Booleans, integers and arrays for some fields (zendesk-api.md §4.1,
 * §6), and `user_fields.<key>` lives inside the `user_fields` object.
 */
import type { Value } from '../expressions';
import { type EngineObjectError, objectError } from './errors';

const BOOLEAN_TARGETS: ReadonlySet<string> = new Set([
  'suspended', 'verified', 'moderator', 'only_private_comments', 'restricted_agent', 'shared_phone_number', 'is_public',
]);
const INTEGER_TARGETS: ReadonlySet<string> = new Set(['custom_role_id', 'organization_id', 'default_group_id', 'locale_id']);
const LIST_TARGETS: ReadonlySet<string> = new Set(['tags']);
/** Zendesk treats these case-insensitively (zendesk-api.md §4.1, §4.3), so a case-only change is not a change. */
const CASE_INSENSITIVE_TARGETS: ReadonlySet<string> = new Set(['email', 'external_id']);

export type TargetValue = string | number | boolean | ReadonlyArray<string>;

export type Converted = { readonly ok: true; readonly value: TargetValue } | { readonly ok: false; readonly error: EngineObjectError };

function shown(value: string, redacted: boolean): string {
  return redacted ? '[Redact]' : JSON.stringify(value);
}

/** Converts a flowing expression value for `target`. Redacted values never appear in the error text. */
export function toTargetValue(target: string, value: Exclude<Value, null>, redacted: boolean): Converted {
  // The common case — one string for a string attribute — without the intermediate list.
  if (typeof value === 'string' && !LIST_TARGETS.has(target) && !BOOLEAN_TARGETS.has(target) && !INTEGER_TARGETS.has(target)) return { ok: true, value };
  const strings = typeof value === 'string' ? [value] : value.map((v) => (typeof v === 'string' ? v : (v['value'] ?? v['displayName'] ?? '') as string));
  if (LIST_TARGETS.has(target)) return { ok: true, value: strings };
  if (strings.length !== 1) {
    return {
      ok: false,
      error: objectError('SchemaPropertyCanOnlyAcceptValue', `The mapping for ${target} produced ${strings.length} values; ${target} holds one value`),
    };
  }
  const text = strings[0]!;
  if (BOOLEAN_TARGETS.has(target)) {
    // .NET Boolean.Parse: case-insensitive "True"/"False" (reference §3.3).
    const lower = text.trim().toLowerCase();
    if (lower === 'true') return { ok: true, value: true };
    if (lower === 'false') return { ok: true, value: false };
    return { ok: false, error: objectError('UnprocessableEntity', `${target} expects True or False, the mapping produced ${shown(text, redacted)}`) };
  }
  if (INTEGER_TARGETS.has(target)) {
    if (/^\s*-?\d+\s*$/.test(text)) return { ok: true, value: Number(text) };
    return { ok: false, error: objectError('UnprocessableEntity', `${target} expects a whole number, the mapping produced ${shown(text, redacted)}`) };
  }
  return { ok: true, value: text };
}

/**
 * Whether the Zendesk value already equals the desired one. Decisions: null and "" are the same (Zendesk stores an
 * empty string as null); tags compare as sets; `email`/`external_id` compare case-insensitively; other strings exactly.
 */
export function sameTargetValue(target: string, current: unknown, desired: TargetValue): boolean {
  if (Array.isArray(desired)) {
    const have = Array.isArray(current) ? new Set(current.map(String)) : new Set<string>();
    return have.size === new Set(desired).size && desired.every((d) => have.has(d));
  }
  if (typeof desired === 'boolean') return (current ?? false) === desired;
  if (typeof desired === 'number') return current === desired;
  const text = current === null || current === undefined ? '' : typeof current === 'string' ? current : String(current);
  const want = desired as string;
  // Equal as written is equal either way; only a difference needs the case-insensitive look (no lower-cased copies
  // for the 100,000 unchanged users of a plan).
  if (text === want) return true;
  return CASE_INSENSITIVE_TARGETS.has(target) && text.toLowerCase() === want.toLowerCase();
}

/** Sets `target` in a payload: `user_fields.<key>` goes into the nested `user_fields` object. */
export function setPayloadValue(payload: Record<string, unknown>, target: string, value: unknown): void {
  if (target.startsWith('user_fields.')) {
    const fields = (payload['user_fields'] as Record<string, unknown> | undefined) ?? {};
    fields[target.slice('user_fields.'.length)] = value;
    payload['user_fields'] = fields;
    return;
  }
  payload[target] = value;
}
