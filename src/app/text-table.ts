/**
 * Plain-text tables for human output, shared by both front ends: the CLI prints them, the extension's documents show
 * them.
 */

/** Left-aligned columns separated by two spaces; cells are single-line (newlines become spaces). */
export function renderTable(headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string[] {
  const clean = (cell: string): string => cell.replace(/\s*\n\s*/g, ' ');
  const all = [headers, ...rows].map((row) => row.map(clean));
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: ReadonlyArray<string>): string => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)];
}
