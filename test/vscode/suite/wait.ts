/** Polling for the extension-host suites: the extension updates its state asynchronously after a command returns. */

/** Resolves once `predicate()` holds (checked every 100 ms); throws `timed out waiting for <what>` after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
