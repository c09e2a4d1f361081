import pg from "pg";
import { ALARM_CHANNEL } from "./live-channel.ts";

type TListener = (payload: string) => void;
type TFeed = { url: string; listeners: Set<TListener>; client?: pg.Client; connecting?: Promise<void> };
const holder = globalThis as unknown as { klaxonAlarmFeed?: TFeed };

/**
 * One LISTEN connection per web process, fanned out to every open board. A NOTIFY from any
 * node's ingest or acknowledge reaches every board in the cluster.
 */
export function subscribeAlarmChanges(url: string, listener: TListener): () => void {
  holder.klaxonAlarmFeed ??= { url, listeners: new Set() };
  const feed = holder.klaxonAlarmFeed;
  feed.listeners.add(listener);
  void connect(feed);
  return () => feed.listeners.delete(listener);
}

async function connect(feed: TFeed): Promise<void> {
  if (feed.client || feed.connecting) return feed.connecting;
  feed.connecting = (async () => {
    const client = new pg.Client({ connectionString: feed.url });
    client.on("notification", (n) => {
      for (const l of feed.listeners) l(n.payload ?? "");
    });
    client.on("error", () => reset(feed));
    client.on("end", () => reset(feed));
    try {
      await client.connect();
      await client.query(`LISTEN ${ALARM_CHANNEL}`);
      feed.client = client;
    } catch {
      setTimeout(() => void connect(feed), 2000);
    } finally {
      feed.connecting = undefined;
    }
  })();
  return feed.connecting;
}

function reset(feed: TFeed): void {
  feed.client = undefined;
  // Boards may have missed changes while the connection was down: tell them to reload.
  for (const l of feed.listeners) l("reconnect");
  if (feed.listeners.size > 0) setTimeout(() => void connect(feed), 1000);
}
