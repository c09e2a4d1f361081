"use client";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

type TTemplate = { subject: string; body: string; html: string; pagerText: string };
type TPreview = Awaited<ReturnType<typeof api.template.preview.query>>;
type TCustomer = { id: number; name: string };

/**
 * Message templates: "Default" and one per customer (a customer without its own follows Default),
 * with a live preview on a sample alarm. Only an admin may save; everyone else reads.
 */
export function TemplateEditor({ onError, canEdit }: { onError: (m: string) => void; canEdit: boolean }) {
  const [customers, setCustomers] = useState<TCustomer[]>([]);
  const [customerId, setCustomerId] = useState<number | null>(null);
  const [own, setOwn] = useState(false);
  const [t, setT] = useState<TTemplate | null>(null);
  const [vars, setVars] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<TPreview | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useCallback(
    (id: number | null) =>
      api.template.get
        .query({ customerId: id })
        .then((r) => {
          setT({ subject: r.template.subject, body: r.template.body, html: r.template.html, pagerText: r.template.pagerText });
          setOwn(r.template.own);
          setVars(r.variables);
        })
        .catch((e) => onError(errorMessage(e))),
    [onError],
  );
  useEffect(() => {
    load(customerId);
  }, [load, customerId]);
  useEffect(() => {
    api.system.customers.query().then(
      (cs) => setCustomers(cs.map((c) => ({ id: c.id, name: c.name }))),
      (e) => onError(errorMessage(e)),
    );
  }, [onError]);
  useEffect(() => {
    if (!t) return;
    const timer = setTimeout(
      () =>
        api.template.preview
          .query({ template: t })
          .then(setPreview)
          .catch(() => setPreview(null)),
      250,
    );
    return () => clearTimeout(timer);
  }, [t]);
  if (!t) return null;
  const who = customerId == null ? "Default" : (customers.find((c) => c.id === customerId)?.name ?? `customer ${customerId}`);
  const field = (k: keyof TTemplate, rows: number) => (
    <label>
      {k === "pagerText" ? "Pager text" : k === "html" ? "HTML email" : k[0]?.toUpperCase() + k.slice(1)}
      {rows === 1 ? (
        <input value={t[k]} readOnly={!canEdit} onChange={(e) => setT({ ...t, [k]: e.target.value })} />
      ) : (
        <textarea
          rows={rows}
          value={t[k]}
          readOnly={!canEdit}
          onChange={(e) => setT({ ...t, [k]: e.target.value })}
          style={{ width: "100%" }}
        />
      )}
    </label>
  );
  const save = () =>
    api.template.save
      .mutate({ customerId, template: t })
      .then(() => {
        setOwn(true);
        setStatus(`Saved the template for ${who}.`);
      })
      .catch((err) => onError(errorMessage(err)));
  const reset = () =>
    customerId != null &&
    api.template.reset
      .mutate({ customerId })
      .then(() => load(customerId))
      .then(() => setStatus(`${who} follows Default again.`))
      .catch((err) => onError(errorMessage(err)));
  return (
    <section aria-label="Message template">
      <h2>Message template</h2>
      <label>
        Template for
        <select
          value={customerId ?? ""}
          onChange={(e) => {
            setStatus(null);
            setCustomerId(e.target.value ? Number(e.target.value) : null);
          }}
        >
          <option value="">Default (every customer without its own)</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {customerId != null && !own && (
        <p className="muted">{who} has no template of its own: it uses Default (shown below). Saving gives it its own.</p>
      )}
      <p className="muted">
        Variables:{" "}
        {Object.entries(vars).map(([k, v]) => (
          <code key={k} title={v} style={{ marginRight: 6 }}>
            {`{${k}}`}
          </code>
        ))}
      </p>
      <form
        className="panel"
        aria-label="Edit template"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {field("subject", 1)}
        {field("body", 10)}
        {field("html", 6)}
        {field("pagerText", 1)}
        {canEdit && (
          <span className="row">
            <button type="submit" className="primary">
              Save template
            </button>
            {customerId != null && own && (
              <button type="button" onClick={reset}>
                Use Default again
              </button>
            )}
          </span>
        )}
        {status && <span role="status"> {status}</span>}
      </form>
      {preview && (
        <div className="panel" aria-label="Preview">
          <h3>Preview</h3>
          <p>
            <strong>{preview.subject}</strong>
          </p>
          <pre className="raw">{preview.text}</pre>
          {/* No scripts, no same origin: the HTML is shown as a mail client would, and can do nothing here. */}
          {preview.html && (
            <iframe
              title="HTML preview"
              sandbox=""
              srcDoc={preview.html}
              style={{ width: "100%", height: 220, border: "1px solid var(--panel2)", background: "#fff" }}
            />
          )}
          <p className="muted">Pager: {preview.pager}</p>
        </div>
      )}
    </section>
  );
}
