import { useCallback, useEffect, useRef, useState } from "react";
import type { TDeskPrefs } from "@/components/alarms/desk-prefs.ts";
import { SEVERITIES, summary, systemLabel } from "@/components/alarms/types.ts";
import { api } from "@/lib/api/trpc.client.ts";

// Enough to cover one burst between two reloads; a storm is announced by the first ones and the title.
const RECENT = 25;

const rank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);

/** A two-tone klaxon from the Web Audio API (no sound file to ship or to fail to load). */
function klaxon(ctx: AudioContext) {
  if (ctx.state === "suspended") void ctx.resume();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = "sawtooth";
  const t = ctx.currentTime;
  for (let i = 0; i < 4; i++) osc.frequency.setValueAtTime(i % 2 ? 560 : 760, t + i * 0.3);
  gain.gain.setValueAtTime(0.15, t);
  gain.gain.setValueAtTime(0, t + 1.2);
  osc.connect(gain).connect(ctx.destination);
  osc.start(t);
  osc.stop(t + 1.25);
}

/**
 * Sound and browser notifications for alarms raised after the board opened, at or above the
 * chosen severity whatever the board's filter shows; the tab title counts what is still unacknowledged.
 */
export function useDeskAlerts(prefs: TDeskPrefs, unackedUrgent: number | undefined) {
  const newest = useRef<number | null>(null);
  const audio = useRef<AudioContext | null>(null);
  const prefsRef = useRef(prefs);
  prefsRef.current = prefs;

  useEffect(() => {
    if (unackedUrgent === undefined) return;
    document.title = unackedUrgent > 0 ? `(${unackedUrgent}) Alarms · Klaxon` : "Alarms · Klaxon";
  }, [unackedUrgent]);
  useEffect(
    () => () => {
      document.title = "Klaxon";
    },
    [],
  );

  const [audioArmed, setAudioArmed] = useState(false);
  /** Browsers start audio only from a user gesture: the "sound" switch, or any click or key (below). */
  const armAudio = useCallback(() => {
    audio.current ??= new AudioContext();
    if (audio.current.state === "suspended") void audio.current.resume();
    setAudioArmed(true);
  }, []);

  // Sound remembered as on after a reload: the page may not play until someone touches it, so the
  // first click or key anywhere arms it (the board says so until then).
  useEffect(() => {
    if (!prefs.sound || audioArmed) return;
    const arm = () => armAudio();
    window.addEventListener("pointerdown", arm, { once: true, capture: true });
    window.addEventListener("keydown", arm, { once: true, capture: true });
    return () => {
      window.removeEventListener("pointerdown", arm, { capture: true });
      window.removeEventListener("keydown", arm, { capture: true });
    };
  }, [prefs.sound, audioArmed, armAudio]);

  // Two reloads can overlap (a change event and a reopen): checks run one after the other so none is announced twice.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const check = useCallback(() => {
    queue.current = queue.current.then(checkOnce, () => checkOnce());
    return queue.current;
  }, []);

  const checkOnce = useCallback(async () => {
    const p = prefsRef.current;
    // Only severities that alert, asked of the server: in a storm of minors the newest 25 of any
    // severity would hide a critical.
    const severity = SEVERITIES.filter((s) => rank(s) <= rank(p.alertAt));
    const { items } = await api.alarm.list.query({ status: ["ACTIVE"], severity, sort: "firstSeen", limit: RECENT });
    const before = newest.current;
    newest.current = Math.max(before ?? 0, ...items.map((a) => a.id));
    if (before === null) return;
    const fresh = items.filter((a) => a.id > before).reverse();
    if (fresh.length === 0) return;
    if (p.sound && audio.current) klaxon(audio.current);
    if (p.notify && typeof Notification !== "undefined" && Notification.permission === "granted") {
      for (const a of fresh) {
        const n = new Notification(`${a.severity} · ${systemLabel(a)}`, {
          body: [a.maintObject, a.port, summary(a)].filter(Boolean).join(" · "),
          tag: `alarm-${a.id}`,
        });
        n.onclick = () => {
          window.focus();
          window.location.assign(`/alarms/${a.id}`);
        };
      }
    }
  }, []);

  return { check, armAudio, audioArmed };
}
