"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";
import type { TRoleName } from "../use-role.ts";

type TSilence = Awaited<ReturnType<typeof api.silence.list.query>>[number];
type TOverride = Awaited<ReturnType<typeof api.moOverride.list.query>>[number];
type TAlt = TOverride["alarmType"];

/** Silences (alarms stored, not notified) and alternate alarm types per maintenance object. */
export function DispatchRules({ onError, role }: { onError: (m: string) => void; role: TRoleName | null }) {
  // As the server checks: silences are a technician's, alternate alarm types an admin's.
  const canSilence = role === "ADMIN" || role === "TECHNICIAN";
  const admin = role === "ADMIN";
  const [silences, setSilences] = useState<TSilence[]>([]);
  const [overrides, setOverrides] = useState<TOverride[]>([]);
  const load = useCallback(async () => {
    const [s, o] = await Promise.all([api.silence.list.query(), api.moOverride.list.query()]);
    setSilences(s);
    setOverrides(o);
  }, []);
  useEffect(() => {
    load().catch((e) => onError(errorMessage(e)));
  }, [load, onError]);
  const run = (p: Promise<unknown>) => p.then(load).catch((e) => onError(errorMessage(e)));

  function silence(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    run(
      api.silence.create
        .mutate({
          match: {
            maintObject: String(f.get("maintObject") || "") || null,
            systemId: f.get("systemId") ? Number(f.get("systemId")) : null,
          },
          durationMin: Number(f.get("minutes")),
          comment: String(f.get("comment") || ""),
        })
        .then(() => form.reset()),
    );
  }
  function override(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    run(
      api.moOverride.set
        .mutate({
          maintObject: String(f.get("maintObject")),
          systemId: f.get("systemId") ? Number(f.get("systemId")) : null,
          alarmType: String(f.get("alarmType")) as TAlt,
        })
        .then(() => form.reset()),
    );
  }

  return (
    <>
      <h2>Silences</h2>
      <DataTable
        label="Silences"
        rows={silences}
        empty="No silences."
        columns={[
          {
            key: "what",
            label: "Matches",
            render: (s) =>
              [s.maintObject && `MO ${s.maintObject}`, s.systemId && `system #${s.systemId}`, s.customerId && `customer #${s.customerId}`]
                .filter(Boolean)
                .join(" · "),
          },
          { key: "when", label: "Until", render: (s) => new Date(s.endsAt).toLocaleString() },
          { key: "state", label: "State", render: (s) => (s.active ? "active" : new Date(s.endsAt) <= new Date() ? "ended" : "scheduled") },
          { key: "comment", label: "Comment", render: (s) => s.comment ?? "" },
          {
            key: "x",
            label: "",
            render: (s) =>
              canSilence && new Date(s.endsAt) > new Date() ? (
                <button type="button" onClick={() => run(api.silence.expire.mutate({ id: s.id }))}>
                  End now
                </button>
              ) : null,
          },
        ]}
      />
      {canSilence && (
        <form className="panel filters" onSubmit={silence} aria-label="New silence">
          <label>
            Maintenance object (glob)
            <input name="maintObject" placeholder="DS1*" />
          </label>
          <label>
            System id
            <input name="systemId" type="number" min={1} />
          </label>
          <label>
            Minutes
            <input name="minutes" type="number" min={1} defaultValue={60} required />
          </label>
          <label>
            Comment
            <input name="comment" />
          </label>
          <button type="submit" className="primary">
            Silence
          </button>
        </form>
      )}
      <h2>Alternate alarm types</h2>
      <p className="muted">
        MAJOR/MINOR/WARNING replace the severity; NONE stores but never notifies; DROP does not store (counted under Rejected intake).
      </p>
      <DataTable
        label="Alternate alarm types"
        rows={overrides}
        empty="None."
        columns={[
          { key: "mo", label: "Maintenance object", render: (o) => o.maintObject },
          { key: "system", label: "System", render: (o) => o.systemName ?? "every system" },
          { key: "type", label: "Type", render: (o) => o.alarmType },
          {
            key: "x",
            label: "",
            render: (o) =>
              admin && (
                <button type="button" className="danger" onClick={() => run(api.moOverride.delete.mutate({ id: o.id }))}>
                  Remove
                </button>
              ),
          },
        ]}
      />
      {admin && (
        <form className="panel filters" onSubmit={override} aria-label="Set alternate alarm type">
          <label>
            Maintenance object
            <input name="maintObject" required />
          </label>
          <label>
            System id (empty: every system)
            <input name="systemId" type="number" min={1} />
          </label>
          <label>
            Type
            <select name="alarmType" defaultValue="NONE">
              {["MAJOR", "MINOR", "WARNING", "NONE", "DROP"].map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">
            Set
          </button>
        </form>
      )}
    </>
  );
}
