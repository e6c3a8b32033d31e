/** A one-line progress bar for the CLI's human output on a terminal (`--json` prints machine output instead). */

/** `[#########-----------]  45/100 users` */
export function progressBar(done: number, total: number, label: string, width = 24): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} ${label}`;
}
