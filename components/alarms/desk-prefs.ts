import { useCallback, useEffect, useState } from "react";
import { SEVERITIES, type TSeverity } from "./types.ts";

/** Per-browser desk settings (a wall screen and a phone want different ones), kept in localStorage. */
export type TDeskPrefs = { sound: boolean; notify: boolean; alertAt: TSeverity; compact: boolean };

const KEY = "klaxon.desk";
const DEFAULTS: TDeskPrefs = { sound: false, notify: false, alertAt: "MAJOR", compact: true };

function read(): TDeskPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<TDeskPrefs>;
    return {
      sound: typeof raw.sound === "boolean" ? raw.sound : DEFAULTS.sound,
      notify: typeof raw.notify === "boolean" ? raw.notify : DEFAULTS.notify,
      alertAt: raw.alertAt && SEVERITIES.includes(raw.alertAt) ? raw.alertAt : DEFAULTS.alertAt,
      compact: typeof raw.compact === "boolean" ? raw.compact : DEFAULTS.compact,
    };
  } catch {
    return DEFAULTS;
  }
}

export function useDeskPrefs(): [TDeskPrefs, (patch: Partial<TDeskPrefs>) => void] {
  const [prefs, setPrefs] = useState<TDeskPrefs>(DEFAULTS);
  // Read after mount: the server render knows no localStorage.
  useEffect(() => setPrefs(read()), []);
  const update = useCallback((patch: Partial<TDeskPrefs>) => {
    setPrefs((p) => {
      const next = { ...p, ...patch };
      localStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  return [prefs, update];
}
