/**
 * Polls `probe` until it yields a value (anything but undefined/null; a throw counts as "not yet"),
 * or fails after `timeoutMs`.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | null>, timeoutMs = 5000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined && v !== null) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
