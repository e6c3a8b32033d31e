/**
 * The end of every `sandbox` command: after printing its one JSON line, it serves until SIGINT or SIGTERM, then
 * closes its servers and exits 0 (a sandbox is stopped, not failed, by Ctrl+C).
 */
export function closeOnSignal(close: () => Promise<void>): void {
  const stop = (): void => {
    void close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
