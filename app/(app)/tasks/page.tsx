"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { TaskTable } from "@/components/tasks/task-table.tsx";
import { KIND_LABEL } from "@/components/tasks/types.ts";
import { api } from "@/lib/api/trpc.client.ts";
import { TaskRunLive } from "./task-run-live.tsx";
import { type TTaskFilter, useTaskList } from "./use-task-list.ts";

const STATUSES = ["QUEUED", "RUNNING", "PASSED", "FAILED", "ERROR"] as const;

export default function TasksPage() {
  const [filter, setFilter] = useState<TTaskFilter>({});
  const [open, setOpen] = useState<number | null>(null);
  const [systems, setSystems] = useState<{ id: number; name: string }[]>([]);
  const { items, error, older } = useTaskList(filter);
  useEffect(() => {
    api.system.list.query().then(
      (s) => setSystems(s.map(({ id, name }) => ({ id, name }))),
      () => {},
    );
  }, []);

  return (
    <div>
      <h1>Tasks</h1>
      <p className="muted">
        INADS link tests, configuration reports, commands after alarms and Connect now sessions, on every node. Open a run for its
        transcript and answers. <Link href="/tasks/rules">Command rules</Link>
      </p>
      <div className="panel filters" role="search" aria-label="Task filters">
        <label>
          System
          <select
            value={filter.systemId ?? ""}
            onChange={(e) => setFilter({ ...filter, systemId: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">All</option>
            {systems.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select
            value={filter.kind ?? ""}
            onChange={(e) => setFilter({ ...filter, kind: (e.target.value || undefined) as TTaskFilter["kind"] })}
          >
            <option value="">All</option>
            {Object.entries(KIND_LABEL).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select
            value={filter.status ?? ""}
            onChange={(e) => setFilter({ ...filter, status: (e.target.value || undefined) as TTaskFilter["status"] })}
          >
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <TaskTable items={items} open={open} onOpen={setOpen} renderOpen={(id) => <TaskRunLive id={id} />} />
      {older && (
        <button type="button" onClick={() => void older()}>
          Older runs
        </button>
      )}
    </div>
  );
}
