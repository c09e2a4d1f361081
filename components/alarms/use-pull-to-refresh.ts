import { type RefObject, useEffect, useRef, useState } from "react";

// The indicator follows the finger at half speed; past this much it reloads on release.
const TRIGGER_PX = 60;
const MAX_PX = 90;

type TPullState = { distance: number; refreshing: boolean };
export type TPull = TPullState & { ready: boolean };
const IDLE: TPullState = { distance: 0, refreshing: false };

/**
 * Pull down at the top of the page to reload, as phone apps do: plain touch events on `target`,
 * passive (the page still scrolls as usual), nothing while a reload is under way.
 */
export function usePullToRefresh(target: RefObject<HTMLElement | null>, refresh: () => Promise<unknown>): TPull {
  const [pull, setPull] = useState<TPullState>(IDLE);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  useEffect(() => {
    const el = target.current;
    if (!el) return;
    let startY: number | null = null;
    let distance = 0;
    let busy = false;
    const reset = () => {
      startY = null;
      distance = 0;
      setPull(IDLE);
    };
    const start = (e: TouchEvent) => {
      const touch = e.touches[0];
      startY = !busy && e.touches.length === 1 && touch && window.scrollY <= 0 ? touch.clientY : null;
      distance = 0;
    };
    const move = (e: TouchEvent) => {
      const touch = e.touches[0];
      if (startY === null || !touch) return;
      // Scrolling back up, or a page that scrolled after all: not a pull.
      if (touch.clientY <= startY || window.scrollY > 0) return distance > 0 ? reset() : undefined;
      distance = Math.min(MAX_PX, (touch.clientY - startY) / 2);
      setPull({ distance, refreshing: false });
    };
    const end = () => {
      if (startY === null) return;
      if (distance < TRIGGER_PX) return reset();
      startY = null;
      busy = true;
      setPull({ distance: TRIGGER_PX, refreshing: true });
      void refreshRef.current().finally(() => {
        busy = false;
        reset();
      });
    };
    el.addEventListener("touchstart", start, { passive: true });
    el.addEventListener("touchmove", move, { passive: true });
    el.addEventListener("touchend", end);
    el.addEventListener("touchcancel", reset);
    return () => {
      el.removeEventListener("touchstart", start);
      el.removeEventListener("touchmove", move);
      el.removeEventListener("touchend", end);
      el.removeEventListener("touchcancel", reset);
    };
  }, [target]);

  return { ...pull, ready: pull.distance >= TRIGGER_PX };
}
