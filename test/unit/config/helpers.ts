import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, type ConfigProblem } from '../../../src/core/config';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'config');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** The problems loading `text` reports; fails the test when it loads. */
export function problemsOf(text: string, origin = 'test.json'): ReadonlyArray<ConfigProblem> {
  try {
    loadConfig(text, origin);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected the configuration to be rejected, but it loaded');
}

/** Asserts that loading `document` is rejected with a problem at exactly `path`, whose message names the path. */
export function assertRejectedAt(document: unknown, path: string): ConfigProblem {
  const text = typeof document === 'string' ? document : JSON.stringify(document, null, 2);
  const problems = problemsOf(text);
  const match = problems.find((p) => p.path === path);
  assert.ok(match, `expected a problem at ${path}; got:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  assert.ok(match.message.includes(path), `the message must name the path ${path}: ${match.message}`);
  assert.ok(match.fix.length > 0, 'every problem says how to fix it');
  return match;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Sets (or, with `undefined`, deletes) the value at a JSON Pointer inside a plain JSON value. */
export function setAt(root: unknown, pointer: string, value: unknown): void {
  const segments = pointer.split('/').slice(1);
  let node = root as Record<string, unknown>;
  for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  const last = segments[segments.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else {
    node[last] = value;
  }
}

export function getAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointer.split('/').slice(1)) node = (node as Record<string, unknown>)[segment];
  return node;
}
