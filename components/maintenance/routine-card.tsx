"use client";
import { useEffect, useState } from "react";
import { ROUTINE_TITLE, stamp, type TRoutine } from "./types.ts";

type TSave = { enabled: boolean; schedule: string; settings: Record<string, unknown> };

const HINT: Record<TRoutine["kind"], string> = {
  ALARM_REPORT: "Sends each enabled alarm report below once per period (day, week, month) in this window.",
  ARCHIVE: "Moves resolved alarms older than the given age out of the board into the archive, in small batches.",
  BACKUP: "pg_dump of the whole database into the directory on the primary, with a .sha256 file; older backups beyond “keep” are deleted.",
};

function numberOrNull(v: string): number | null {
  return v.trim() === "" ? null : Number(v);
}

/** One routine: switch, window, settings, run now, and its latest run. */
export function RoutineCard({
  routine,
  canEdit,
  onSave,
  onRunNow,
}: {
  routine: TRoutine;
  canEdit: boolean;
  onSave: (s: TSave) => Promise<void>;
  onRunNow: () => Promise<void>;
}) {
  const s = routine.settings as Record<string, unknown>;
  const [enabled, setEnabled] = useState(routine.enabled);
  const [schedule, setSchedule] = useState(routine.schedule);
  const [afterDays, setAfterDays] = useState(String(s.afterDays ?? ""));
  const [purge, setPurge] = useState(s.purgeAfterMonths == null ? "" : String(s.purgeAfterMonths));
  const [dir, setDir] = useState(String(s.dir ?? ""));
  const [keep, setKeep] = useState(String(s.keep ?? ""));
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setEnabled(routine.enabled);
    setSchedule(routine.schedule);
  }, [routine.enabled, routine.schedule]);

  const settings = (): Record<string, unknown> => {
    if (routine.kind === "ARCHIVE") return { afterDays: Number(afterDays), purgeAfterMonths: numberOrNull(purge) };
    if (routine.kind === "BACKUP") return { dir: dir.trim() === "" ? null : dir.trim(), keep: Number(keep) };
    return {};
  };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  const id = (x: string) => `${routine.kind}-${x}`;
  const last = routine.lastRun;

  return (
    <section className="panel" aria-label={ROUTINE_TITLE[routine.kind]} style={{ display: "grid", gap: 8 }}>
      <h2 style={{ margin: 0 }}>{ROUTINE_TITLE[routine.kind]}</h2>
      <p className="muted" style={{ margin: 0 }}>
        {HINT[routine.kind]}
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => onSave({ enabled, schedule, settings: settings() }));
        }}
      >
        <label>
          <input type="checkbox" checked={enabled} disabled={!canEdit} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
        </label>
        <label htmlFor={id("schedule")}>
          Window
          <input
            id={id("schedule")}
            value={schedule}
            disabled={!canEdit}
            onChange={(e) => setSchedule(e.target.value)}
            placeholder="daily 02:00 Europe/Berlin"
            title='"daily HH:MM <IANA time zone>" (a 4-hour window) or "every N minutes"'
          />
        </label>
        {routine.kind === "ARCHIVE" && (
          <>
            <label htmlFor={id("after")}>
              Archive resolved after (days)
              <input
                id={id("after")}
                type="number"
                min={1}
                value={afterDays}
                disabled={!canEdit}
                onChange={(e) => setAfterDays(e.target.value)}
              />
            </label>
            <label htmlFor={id("purge")}>
              Purge archive after (months, empty = keep)
              <input id={id("purge")} type="number" min={1} value={purge} disabled={!canEdit} onChange={(e) => setPurge(e.target.value)} />
            </label>
          </>
        )}
        {routine.kind === "BACKUP" && (
          <>
            <label htmlFor={id("dir")}>
              Directory on the primary (empty = BACKUP_DIR)
              <input
                id={id("dir")}
                value={dir}
                disabled={!canEdit}
                onChange={(e) => setDir(e.target.value)}
                placeholder="/var/backups/klaxon"
              />
            </label>
            <label htmlFor={id("keep")}>
              Keep
              <input id={id("keep")} type="number" min={1} value={keep} disabled={!canEdit} onChange={(e) => setKeep(e.target.value)} />
            </label>
          </>
        )}
        {canEdit && (
          <>
            <button type="submit" className="primary" disabled={busy}>
              Save
            </button>
            <button type="button" disabled={busy} onClick={() => void run(onRunNow)}>
              Run now
            </button>
          </>
        )}
      </form>
      <p className="muted" style={{ margin: 0 }}>
        Next window: {stamp(routine.nextWindowAt)}
        {last && (
          <>
            {" "}
            · Last run {last.id}: <strong>{last.status}</strong> on {last.nodeName}, {stamp(last.startedAt)}
          </>
        )}
      </p>
    </section>
  );
}
