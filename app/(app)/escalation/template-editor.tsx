"use client";
import { useEffect, useState } from "react";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

type TTemplate = { subject: string; body: string; html: string; pagerText: string };
type TPreview = Awaited<ReturnType<typeof api.template.preview.query>>;

/** The Default message template (per-customer ones via the API), with a live preview on a sample alarm. */
export function TemplateEditor({ onError }: { onError: (m: string) => void }) {
  const [t, setT] = useState<TTemplate | null>(null);
  const [vars, setVars] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<TPreview | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api.template.get
      .query({})
      .then((r) => {
        setT({ subject: r.template.subject, body: r.template.body, html: r.template.html, pagerText: r.template.pagerText });
        setVars(r.variables);
      })
      .catch((e) => onError(errorMessage(e)));
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
  const field = (k: keyof TTemplate, rows: number) => (
    <label>
      {k === "pagerText" ? "Pager text" : k === "html" ? "HTML email" : k[0]?.toUpperCase() + k.slice(1)}
      {rows === 1 ? (
        <input value={t[k]} onChange={(e) => setT({ ...t, [k]: e.target.value })} />
      ) : (
        <textarea rows={rows} value={t[k]} onChange={(e) => setT({ ...t, [k]: e.target.value })} style={{ width: "100%" }} />
      )}
    </label>
  );
  return (
    <section aria-label="Message template">
      <h2>Message template (Default)</h2>
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
          api.template.save
            .mutate({ template: t })
            .then(() => setSaved(true))
            .catch((err) => onError(errorMessage(err)));
        }}
      >
        {field("subject", 1)}
        {field("body", 10)}
        {field("html", 6)}
        {field("pagerText", 1)}
        <button type="submit" className="primary">
          Save template
        </button>
        {saved && <span role="status"> Saved.</span>}
      </form>
      {preview && (
        <div className="panel" aria-label="Preview">
          <h3>Preview</h3>
          <p>
            <strong>{preview.subject}</strong>
          </p>
          <pre className="raw">{preview.text}</pre>
          <p className="muted">Pager: {preview.pager}</p>
        </div>
      )}
    </section>
  );
}
