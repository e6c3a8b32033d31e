/**
 * Cursor (CBP) and offset (OBP) pagination exactly as reference §9 describes, with absolute links built from the
 * request's own scheme + host + `/api/v2` (node-zendesk follows a link only if it contains the base it was given).
 */
import { ApiError, invalidPageSize, invalidPaginationDepth } from './errors';

export interface PageRequest {
  readonly query: URLSearchParams;
  /** `http://127.0.0.1:PORT/api/v2` */
  readonly base: string;
}

export interface PageOptions {
  /** Collection path for links and error messages, e.g. `users`, `groups/123/memberships`. */
  readonly path: string;
  /** Plural wrapper key, e.g. `users`. */
  readonly key: string;
  /** CBP allowed (false on search endpoints). */
  readonly cursor: boolean;
  /** CBP only (job_statuses). */
  readonly cursorOnly?: boolean;
}

const MAX_PAGE_SIZE = 100;
/** Offset pagination ends after the first 10,000 records (reference §9.2). */
const MAX_OFFSET_RECORDS = 10_000;

export function isCursorRequest(query: URLSearchParams): boolean {
  return query.has('page[size]') || query.has('page[after]') || query.has('page[before]');
}

/** One page of `items` (already filtered and sorted by ascending id). */
export function paginate<T extends { id: number | string }>(
  request: PageRequest,
  items: readonly T[],
  options: PageOptions,
  render: (item: T) => unknown,
): Record<string, unknown> {
  if (isCursorRequest(request.query) || options.cursorOnly) {
    if (!options.cursor) {
      throw new ApiError(400, { error: { title: 'Invalid attribute', message: 'page must be an integer' } });
    }
    return cursorPage(request, items, options, render);
  }
  return offsetPage(request, items, options, render);
}

function cursorPage<T extends { id: number | string }>(request: PageRequest, items: readonly T[], options: PageOptions, render: (item: T) => unknown): Record<string, unknown> {
  const { query } = request;
  const rawSize = query.get('page[size]');
  const size = rawSize === null ? MAX_PAGE_SIZE : Number(rawSize);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw invalidPageSize(options.path);
  const after = query.get('page[after]');
  const before = query.get('page[before]');
  let page: T[];
  let hasMore: boolean;
  if (before !== null) {
    const position = decodeCursor(before, options.path);
    const earlier = items.filter((item) => compareIds(item.id, position) < 0);
    page = earlier.slice(Math.max(0, earlier.length - size));
    hasMore = earlier.length > size;
  } else {
    const position = after === null ? undefined : decodeCursor(after, options.path);
    const later = position === undefined ? items : items.filter((item) => compareIds(item.id, position) > 0);
    page = later.slice(0, size);
    hasMore = later.length > size;
  }
  if (page.length === 0) {
    return {
      [options.key]: [],
      meta: { has_more: false, after_cursor: null, before_cursor: null },
      links: { prev: null, next: null },
    };
  }
  const afterCursor = encodeCursor(page[page.length - 1]!.id);
  const beforeCursor = encodeCursor(page[0]!.id);
  // Quirk (observed, reference §9.1): the last non-empty page says has_more:false but still links to a next page,
  // which is then empty with null cursors and links.
  return {
    [options.key]: page.map(render),
    meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
    links: {
      prev: link(request, options.path, { 'page[before]': beforeCursor, 'page[size]': String(size) }),
      next: link(request, options.path, { 'page[after]': afterCursor, 'page[size]': String(size) }),
    },
  };
}

function offsetPage<T>(request: PageRequest, items: readonly T[], options: PageOptions, render: (item: T) => unknown): Record<string, unknown> {
  const { query } = request;
  const page = query.has('page') ? Number(query.get('page')) : 1;
  const perPage = query.has('per_page') ? Number(query.get('per_page')) : MAX_PAGE_SIZE;
  if (!Number.isInteger(page) || page < 1) throw new ApiError(400, { error: { title: 'Invalid attribute', message: 'page must be an integer' } });
  if (!Number.isInteger(perPage) || perPage < 1) {
    throw new ApiError(400, { error: { title: 'Invalid attribute', message: 'per_page must be an integer' } });
  }
  const size = Math.min(perPage, MAX_PAGE_SIZE);
  const start = (page - 1) * size;
  if (start >= MAX_OFFSET_RECORDS) throw invalidPaginationDepth();
  const slice = items.slice(start, start + size);
  const reachable = Math.min(items.length, MAX_OFFSET_RECORDS);
  return {
    [options.key]: slice.map(render),
    next_page: start + size < reachable ? link(request, options.path, { page: String(page + 1), per_page: String(size) }) : null,
    previous_page: page > 1 ? link(request, options.path, { page: String(page - 1), per_page: String(size) }) : null,
    count: items.length,
  };
}

/** `${base}/${path}.json?…` keeping the request's other parameters (filters) and replacing the paging ones. */
function link(request: PageRequest, path: string, paging: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [key, value] of request.query) {
    if (key === 'page' || key === 'per_page' || key.startsWith('page[')) continue;
    params.append(key, value);
  }
  for (const [key, value] of Object.entries(paging)) params.set(key, value);
  return `${request.base}/${path}.json?${params.toString()}`;
}

/** Opaque cursor: base64 of `{"o":"id","v":"<id>"}`, the observed structure (reference §9.1). */
export function encodeCursor(id: number | string): string {
  return Buffer.from(JSON.stringify({ o: 'id', v: String(id) })).toString('base64');
}

function decodeCursor(cursor: string, path: string): number | string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { v?: unknown };
    if (typeof parsed.v === 'string' && parsed.v !== '') return /^\d+$/.test(parsed.v) ? Number(parsed.v) : parsed.v;
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, {
    error: { title: 'Invalid attribute', message: `You passed an invalid value for the page.after attribute. Invalid parameter: cursor is not valid for api/v2/${path}/index` },
  });
}

function compareIds(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
