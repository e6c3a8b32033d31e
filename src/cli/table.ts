/** Plain-text tables and a one-line progress bar for the CLI's human output (`--json` prints machine output instead). */

/** Left-aligned columns separated by two spaces; cells are single-line (newlines become spaces). */
export function renderTable(headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string[] {
  const clean = (cell: string): string => cell.replace(/\s*\n\s*/g, ' ');
  const all = [headers, ...rows].map((row) => row.map(clean));
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: ReadonlyArray<string>): string => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)];
}

/** `[#########-----------]  45/100 users` */
export function progressBar(done: number, total: number, label: string, width = 24): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} ${label}`;
}
