import { useEffect, useRef, useState } from "react";

export type TStreamState = "connecting" | "live" | "reconnecting";

// Changes arrive in bursts (a storm, a bulk acknowledge): one reload per burst.
const DEBOUNCE_MS = 150;

/**
 * Follows /api/alarms/stream and calls `reload` on each change and on every (re)open: while the
 * stream was down (a web process restart, a network blip) changes were missed, so the board
 * reloads as soon as it is back instead of showing stale alarms until the next change.
 */
export function useAlarmStream(reload: () => void): TStreamState {
  const [state, setState] = useState<TStreamState>("connecting");
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    const source = new EventSource("/api/alarms/stream");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => reloadRef.current(), DEBOUNCE_MS);
    };
    let opened = false;
    source.onopen = () => {
      setState("live");
      // Also on the first open: a change between the page's first load and the stream opening was missed too.
      soon();
      opened = true;
    };
    source.onerror = () => setState(opened ? "reconnecting" : "connecting");
    source.addEventListener("change", soon);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);
  return state;
}
