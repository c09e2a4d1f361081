"use client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { AlarmDetail, type TAlarmDetail } from "@/components/alarms/alarm-detail.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

export default function AlarmPage() {
  const params = useParams<{ id: string }>();
  const id = Number(params.id);
  const [alarm, setAlarm] = useState<TAlarmDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [role, setRole] = useState("VIEWER");

  const load = useCallback(() => {
    api.alarm.get.query({ id }).then(
      (a) => setAlarm(a as unknown as TAlarmDetail),
      (e) => setError(errorMessage(e)),
    );
  }, [id]);
  useEffect(() => {
    load();
    api.auth.me.query().then(
      (me) => setRole(me.role),
      () => {},
    );
    const source = new EventSource("/api/alarms/stream");
    source.addEventListener("change", () => load());
    return () => source.close();
  }, [load]);

  const act = async (kind: "acknowledge" | "resolve") => {
    try {
      await api.alarm[kind].mutate({ ids: [id], comment: comment || undefined });
      setComment("");
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const canAct = role !== "VIEWER";

  return (
    <div>
      <p>
        <Link href="/alarms">← Alarms</Link>
      </p>
      <h1>Alarm {id}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {alarm && canAct && alarm.status !== "RESOLVED" && (
        <div className="toolbar alarm-card actions">
          <input placeholder="Comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} aria-label="Comment" />
          {alarm.status === "ACTIVE" && (
            <button type="button" className="primary" onClick={() => act("acknowledge")}>
              Acknowledge
            </button>
          )}
          <button type="button" onClick={() => act("resolve")}>
            Resolve
          </button>
        </div>
      )}
      {alarm && <AlarmDetail alarm={alarm} />}
    </div>
  );
}
