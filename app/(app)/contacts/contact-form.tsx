"use client";
import type { FormEvent } from "react";
import type { api } from "@/lib/api/trpc.client.ts";

export type TContact = Awaited<ReturnType<typeof api.contact.list.query>>[number];
export type TContactData = Parameters<typeof api.contact.create.mutate>[0];

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** What the form holds, as contact.create / contact.update take it. An empty password keeps the stored one. */
function readForm(form: HTMLFormElement): TContactData {
  const f = new FormData(form);
  const str = (k: string) => String(f.get(k) ?? "").trim();
  const num = (k: string) => (str(k) ? Number(str(k)) : null);
  const days = f.getAll("days").map(Number);
  const password = str("pagerPassword");
  return {
    name: str("name"),
    email: str("email") || null,
    pagerType: str("pagerType") as "NONE" | "NUMERIC" | "TAP",
    pagerNumber: str("pagerNumber") || null,
    pagerId: str("pagerId") || null,
    ...(password ? { pagerPassword: password } : f.get("removePassword") ? { pagerPassword: "" } : {}),
    pagerBaud: num("pagerBaud") as 300 | 1200 | 2400 | null,
    pagerFormat: (str("pagerFormat") || null) as "7E1" | "8N1" | null,
    pagerMaxLength: num("pagerMaxLength"),
    dutyHours: str("from") && str("to") ? { days, from: str("from"), to: str("to"), timeZone: str("timeZone") || "UTC" } : null,
    enabled: f.get("enabled") === "on",
  };
}

/** Add or edit a contact: email, pager (numeric or TAP with its paging service's line), duty hours. */
export function ContactForm({
  contact,
  onSubmit,
  onCancel,
}: {
  contact: TContact | null;
  onSubmit: (data: TContactData, form: HTMLFormElement) => void;
  onCancel?: () => void;
}) {
  const c = contact;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(readForm(e.currentTarget), e.currentTarget);
  };
  return (
    <form className="panel filters" onSubmit={submit} aria-label={c ? `Edit ${c.name}` : "Add a contact"} key={c?.id ?? "new"}>
      <label>
        Name
        <input name="name" required defaultValue={c?.name ?? ""} />
      </label>
      <label>
        Email
        <input name="email" type="email" defaultValue={c?.email ?? ""} />
      </label>
      <label className="row">
        <input name="enabled" type="checkbox" defaultChecked={c?.enabled ?? true} />
        Enabled
      </label>
      <fieldset>
        <legend>Pager</legend>
        <label>
          Pager type
          <select name="pagerType" defaultValue={c?.pagerType ?? "NONE"}>
            <option value="NONE">none</option>
            <option value="NUMERIC">numeric</option>
            <option value="TAP">TAP (alphanumeric)</option>
          </select>
        </label>
        <label>
          Pager number
          <input name="pagerNumber" defaultValue={c?.pagerNumber ?? ""} placeholder="numeric: the pager; TAP: the service's modem" />
        </label>
        <label>
          Pager ID (TAP)
          <input name="pagerId" defaultValue={c?.pagerId ?? ""} />
        </label>
        <label>
          TAP password
          <input
            name="pagerPassword"
            type="password"
            maxLength={6}
            autoComplete="new-password"
            placeholder={c?.hasPagerPassword ? "(kept; type to change)" : ""}
          />
        </label>
        {c?.hasPagerPassword && (
          <label className="row">
            <input name="removePassword" type="checkbox" />
            Remove TAP password
          </label>
        )}
        <label>
          Line rate (TAP)
          <select name="pagerBaud" defaultValue={c?.pagerBaud ? String(c.pagerBaud) : ""}>
            <option value="">modem's choice</option>
            <option value="300">300 baud</option>
            <option value="1200">1200 baud</option>
            <option value="2400">2400 baud</option>
          </select>
        </label>
        <label>
          Format (TAP)
          <select name="pagerFormat" defaultValue={c?.pagerFormat ?? ""}>
            <option value="">detect from the terminal</option>
            <option value="7E1">7E1 (TAP standard)</option>
            <option value="8N1">8N1</option>
          </select>
        </label>
        <label>
          Pager shows (characters)
          <input name="pagerMaxLength" type="number" min={16} max={1000} placeholder="128" defaultValue={c?.pagerMaxLength ?? ""} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Duty hours (empty: always)</legend>
        {DAYS.map((d, i) => (
          <label key={d} className="row">
            <input type="checkbox" name="days" value={i} defaultChecked={c?.dutyHours ? c.dutyHours.days.includes(i) : i > 0 && i < 6} />
            {d}
          </label>
        ))}
        <label>
          From
          <input name="from" type="time" defaultValue={c?.dutyHours?.from ?? ""} />
        </label>
        <label>
          To
          <input name="to" type="time" defaultValue={c?.dutyHours?.to ?? ""} />
        </label>
        <label>
          Time zone
          <input name="timeZone" placeholder="UTC" defaultValue={c?.dutyHours?.timeZone ?? ""} />
        </label>
      </fieldset>
      <span className="row">
        <button type="submit" className="primary">
          {c ? "Save contact" : "Add contact"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </span>
    </form>
  );
}
