import pg from "pg";

export type TListenHandle = { stop: () => Promise<void>; ready: Promise<void> };

/**
 * LISTEN on a Postgres channel with its own connection, reconnecting after a failure.
 * `onReconnect` runs after every reconnection: notifications sent while it was down are lost,
 * so a caller reloads whatever state it keeps.
 */
export function listen(url: string, channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): TListenHandle {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const connect = async (isRetry: boolean) => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (n) => onMessage(n.payload ?? ""));
    c.on("error", () => scheduleRetry(c));
    c.on("end", () => scheduleRetry(c));
    try {
      await c.connect();
      await c.query(`LISTEN "${channel.replace(/"/g, "")}"`);
      client = c;
      markReady();
      if (isRetry) onReconnect?.();
    } catch {
      scheduleRetry(c);
    }
  };
  const scheduleRetry = (c: pg.Client) => {
    if (client === c) client = undefined;
    c.removeAllListeners("end");
    c.end().catch(() => {});
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect(true);
    }, 1000);
    retry.unref?.();
  };
  void connect(false);
  return {
    ready,
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
