"use client";
import { useCallback, useEffect, useState } from "react";
import type { TTaskItem } from "@/components/tasks/types.ts";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

export type TTaskFilter = {
  systemId?: number;
  kind?: "INADS_TEST" | "POST_ALARM_COMMANDS" | "CONFIG_REPORT" | "PAGER_DIAL" | "MANUAL_COMMAND";
  status?: "QUEUED" | "RUNNING" | "PASSED" | "FAILED" | "ERROR";
};

/**
 * Task runs matching the filter, newest first; read again every 2 s while one of them is still
 * queued or running (live progress), every 15 s otherwise (new runs from schedules and alarms).
 */
export function useTaskList(filter: TTaskFilter, limit = 50) {
  const [items, setItems] = useState<TTaskItem[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const key = JSON.stringify(filter);

  const load = useCallback(async () => {
    try {
      const page = await api.task.list.query({ ...(JSON.parse(key) as TTaskFilter), limit });
      setItems(page.items);
      setNext(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoaded(true);
    }
  }, [key, limit]);

  const older = useCallback(async () => {
    if (next === null) return;
    try {
      const page = await api.task.list.query({ ...(JSON.parse(key) as TTaskFilter), limit, cursor: next });
      setItems((cur) => [...cur, ...page.items]);
      setNext(page.nextCursor);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [key, limit, next]);

  const busy = items.some((t) => t.status === "QUEUED" || t.status === "RUNNING");
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), busy ? 2000 : 15000);
    return () => clearInterval(timer);
  }, [load, busy]);

  return { items, error, loaded, load, older: next === null ? undefined : older };
}
