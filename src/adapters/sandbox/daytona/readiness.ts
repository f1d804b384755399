/**
 * Waits until `probe` answers true, with exponential backoff, never longer than `timeoutMs` in total
 * (the attempt in flight is bounded by the remaining time too). Returns false on timeout.
 */
export async function waitUntilReady(
  probe: (remainingMs: number) => Promise<boolean>,
  timeoutMs: number,
  { initialDelayMs = 250, maxDelayMs = 3000, factor = 1.6 } = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = initialDelayMs;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    if (await probe(remaining).catch(() => false)) return true;
    const wait = Math.min(delay, deadline - Date.now());
    if (wait <= 0) return false;
    await new Promise((r) => setTimeout(r, wait));
    delay = Math.min(maxDelayMs, delay * factor);
  }
}
