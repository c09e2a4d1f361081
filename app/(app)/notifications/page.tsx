"use client";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

type TItem = Awaited<ReturnType<typeof api.notification.list.query>>["items"][number];
type TStatus = TItem["status"];
type TChannel = TItem["channel"];

/** Every notification the dispatcher wrote, newest first: what was sent, what failed and why. */
export default function NotificationsPage() {
  const [items, setItems] = useState<TItem[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [names, setNames] = useState<Map<number, string>>(new Map());
  const [status, setStatus] = useState<TStatus | "">("");
  const [channel, setChannel] = useState<TChannel | "">("");
  const [contactId, setContactId] = useState<number | "">("");
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (cursor?: number) => {
      const filter = { status: status || undefined, channel: channel || undefined, contactId: contactId || undefined };
      const r = await api.notification.list.query({ ...filter, limit: 100, cursor });
      setItems((prev) => (cursor ? [...prev, ...r.items] : r.items));
      setNext(r.nextCursor);
    },
    [status, channel, contactId],
  );
  useEffect(() => {
    load().catch((e) => setError(errorMessage(e)));
  }, [load]);
  useEffect(() => {
    api.contact.list
      .query()
      .then((cs) => setNames(new Map(cs.map((c) => [c.id, c.name]))))
      .catch(() => {});
  }, []);

  return (
    <div>
      <h1>Notifications</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <form className="panel filters" aria-label="Filter notifications" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as TStatus | "")}>
            <option value="">any</option>
            <option value="PENDING">pending</option>
            <option value="SENT">sent</option>
            <option value="FAILED">failed</option>
            <option value="CANCELLED">cancelled</option>
          </select>
        </label>
        <label>
          Channel
          <select value={channel} onChange={(e) => setChannel(e.target.value as TChannel | "")}>
            <option value="">any</option>
            <option value="EMAIL">email</option>
            <option value="PAGER">pager</option>
          </select>
        </label>
        <label>
          Contact
          <select value={contactId} onChange={(e) => setContactId(e.target.value ? Number(e.target.value) : "")}>
            <option value="">any</option>
            {[...names].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </form>
      <DataTable
        label="Notifications"
        rows={items}
        empty="No notifications match."
        columns={[
          { key: "id", label: "#", render: (n) => n.id },
          { key: "alarm", label: "Alarm", render: (n) => <Link href={`/alarms/${n.alarmId}`}>#{n.alarmId}</Link> },
          { key: "contact", label: "Contact", render: (n) => names.get(n.contactId) ?? `#${n.contactId}` },
          { key: "channel", label: "Channel", render: (n) => n.channel.toLowerCase() },
          { key: "level", label: "Level", render: (n) => (n.level === 0 ? "resolved" : n.level === 4 ? "4 (jeopardy)" : n.level) },
          { key: "status", label: "Status", render: (n) => <span data-status={n.status}>{n.status.toLowerCase()}</span> },
          { key: "attempts", label: "Attempts", render: (n) => n.attempts },
          { key: "sent", label: "Sent", render: (n) => (n.sentAt ? new Date(n.sentAt).toLocaleString() : "") },
          { key: "error", label: "Reason", render: (n) => n.lastError ?? "" },
        ]}
      />
      {next && (
        <button type="button" onClick={() => load(next).catch((e) => setError(errorMessage(e)))}>
          More
        </button>
      )}
    </div>
  );
}
