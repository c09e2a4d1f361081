import { listen, type TListenHandle } from "../db/listen.ts";
import { ALARM_CHANNEL } from "./live-channel.ts";

type TListener = (payload: string) => void;
type TFeed = { listeners: Set<TListener>; handle: TListenHandle };
const holder = globalThis as unknown as { klaxonAlarmFeed?: TFeed };

/**
 * One LISTEN connection per web process, fanned out to every open board. A NOTIFY from any
 * node's ingest or acknowledge reaches every board in the cluster.
 */
export function subscribeAlarmChanges(url: string, listener: TListener): () => void {
  if (!holder.klaxonAlarmFeed) {
    const listeners = new Set<TListener>();
    const fanOut = (payload: string) => {
      for (const l of listeners) l(payload);
    };
    // Boards may have missed changes while the connection was down: tell them to reload.
    holder.klaxonAlarmFeed = { listeners, handle: listen(url, ALARM_CHANNEL, fanOut, () => fanOut("reconnect")) };
  }
  const feed = holder.klaxonAlarmFeed;
  feed.listeners.add(listener);
  return () => feed.listeners.delete(listener);
}
