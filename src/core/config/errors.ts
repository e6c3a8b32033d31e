import type { ConfigProblem } from './types';

/**
 * Thrown by `loadConfig` (and the helpers that validate) when the configuration can't be used. `problems` lists every
 * problem found — not just the first — each with a JSON Pointer path, what is wrong and how to fix it.
 * Messages quote the offending value only where it can't be a secret (key names and schema-checked fields).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** Where the configuration came from (path or URI). */
    readonly origin: string,
    readonly problems: ReadonlyArray<ConfigProblem>,
  ) {
    super(formatProblems(origin, problems));
  }
}

/** `origin:line:column message. Fix: …`, one line per problem (each message already names its JSON path). */
export function formatProblems(origin: string, problems: ReadonlyArray<ConfigProblem>): string {
  const header = `${origin}: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}`;
  const lines = problems.map((p) => {
    const where = p.line !== undefined ? `${origin}:${p.line}:${p.column ?? 1} ` : '';
    return `  ${where}${p.message}. Fix: ${p.fix}`;
  });
  return [header, ...lines].join('\n');
}
