"use client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { AlarmDetail, type TAlarmDetail } from "@/components/alarms/alarm-detail.tsx";
import { useSession } from "@/components/layout/session.tsx";
import { TRPCClientError } from "@trpc/client";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

// An alarm number is a positive int4; anything else in the URL is answered here, not sent to the server.
const MAX_ID = 2_147_483_647;
const idOf = (text: string): number | null =>
  /^\d{1,10}$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_ID ? Number(text) : null;

function NoSuchAlarm({ what }: { what: string }) {
  return (
    <div>
      <h1>Alarm not found</h1>
      <p>
        There is no alarm <code>{what}</code>. It may have been archived (see <Link href="/alarms/archive">Archive</Link>), or the link is
        mistyped.
      </p>
      <p>
        <Link href="/alarms">← Alarms</Link>
      </p>
    </div>
  );
}

export default function AlarmPage() {
  const params = useParams<{ id: string }>();
  const id = idOf(decodeURIComponent(params.id));
  if (id === null) return <NoSuchAlarm what={decodeURIComponent(params.id)} />;
  return <AlarmView id={id} />;
}

function AlarmView({ id }: { id: number }) {
  const [alarm, setAlarm] = useState<TAlarmDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [comment, setComment] = useState("");
  // From the server's session: right on the first paint, not after an auth.me round trip.
  const { role } = useSession();

  const load = useCallback(() => {
    api.alarm.get.query({ id }).then(
      (a) => setAlarm(a),
      (e) => (e instanceof TRPCClientError && e.data?.code === "NOT_FOUND" ? setMissing(true) : setError(errorMessage(e))),
    );
  }, [id]);
  useEffect(() => {
    load();
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
  const canAct = role === "ADMIN" || role === "TECHNICIAN";
  const silencedBy = alarm?.silencedBy ?? null;
  if (missing) return <NoSuchAlarm what={String(id)} />;

  return (
    <div>
      <p>
        <Link href="/alarms">← Alarms</Link>
      </p>
      <h1>
        Alarm {id}{" "}
        {silencedBy && (
          <span
            className="badge"
            style={{ background: "var(--panel2)", verticalAlign: "middle" }}
            title={`Silence ${silencedBy.id} until ${new Date(silencedBy.endsAt).toLocaleString()}${silencedBy.comment ? `: ${silencedBy.comment}` : ""}`}
          >
            Silenced
          </span>
        )}
      </h1>
      {silencedBy && (
        <p className="muted">
          Not notified while silence {silencedBy.id} is in force (until {new Date(silencedBy.endsAt).toLocaleString()})
          {silencedBy.comment ? `: ${silencedBy.comment}` : ""}.
        </p>
      )}
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
