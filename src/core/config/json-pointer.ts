/** JSON Pointer (RFC 6901) helpers: every config problem is located by one, e.g. `/userMapping/attributeMappings/2`. */

export type JsonPathSegment = string | number;

export function toPointer(segments: ReadonlyArray<JsonPathSegment>): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function fromPointer(pointer: string): JsonPathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** `$.groups[0].clauses[1].targetOperand` (the scoping validator's paths) → segments. */
export function fromDollarPath(path: string): JsonPathSegment[] {
  const segments: JsonPathSegment[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(path)) !== null) {
    segments.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  return segments;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a JSON value by its kind, never by its content (a misplaced secret must not be echoed). */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': return value === '' ? 'an empty string' : 'a string';
    case 'number': return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean': return value ? 'true' : 'false';
    case 'object': return 'an object';
    default: return typeof value;
  }
}

/**
 * Quotes a short value (an enum spelling, a role name); longer or secret-shaped values are described by kind only, so
 * a token pasted into the wrong field is never echoed (secret tokens are ≥ 32 characters).
 */
export function quoteIfShort(value: unknown): string {
  if (typeof value === 'string' && value.length <= 32 && !/^[A-Za-z0-9+/=_-]{24,}$/.test(value)) return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeKind(value);
}
