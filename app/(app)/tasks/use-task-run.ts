"use client";
import { useEffect, useState } from "react";
import { FINISHED, type TTaskRun } from "@/components/tasks/types.ts";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

/** A task run, read again every second until it has finished (the transcript grows as the SAT answers). */
export function useTaskRun(id: number | null): { run: TTaskRun | null; error: string | null } {
  const [run, setRun] = useState<TTaskRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRun(null);
    setError(null);
    if (id === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const r = await api.task.get.query({ id });
        if (stopped) return;
        setRun(r);
        if (FINISHED.includes(r.status)) return;
      } catch (e) {
        if (stopped) return;
        setError(errorMessage(e));
      }
      timer = setTimeout(tick, 1000);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);
  return { run, error };
}
