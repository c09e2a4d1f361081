"use client";
import { useCallback, useEffect, useState } from "react";
import type { TReportSend } from "@/components/maintenance/types.ts";
import { SentAlarmReports } from "@/components/reports/sent-alarm-reports.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

/** The Reports page's alarm-report part: loads the sent reports, newest first, 50 at a time. */
export function AlarmReportsSent() {
  const [items, setItems] = useState<TReportSend[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async (cursor?: number) => {
    try {
      const page = await api.alarmReport.sent.query({ limit: 50, cursor });
      setItems((cur) => (cursor ? [...cur, ...page.items] : page.items));
      setNext(page.nextCursor);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <SentAlarmReports items={items} onOlder={next ? () => void load(next) : undefined} />
    </>
  );
}
