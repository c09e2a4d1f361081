"use client";
import { type FormEvent, useState } from "react";

export type TStep = { command: string; sendPortInfo: boolean; suffix?: string | null };
export type TRuleDraft = {
  name: string;
  maintObject: string | null;
  severities: string[];
  steps: TStep[];
  resolveOnPass: boolean;
  enabled: boolean;
};

const SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"] as const;
const MAX_STEPS = 6;

/** A command rule's editor: MO glob, severities, up to 6 steps, resolve when every step passes, enabled. */
export function CommandRuleForm({
  initial,
  label,
  onSave,
  onCancel,
}: {
  initial: TRuleDraft;
  label: string;
  onSave: (d: TRuleDraft) => Promise<void>;
  onCancel?: () => void;
}) {
  const [steps, setSteps] = useState<TStep[]>(initial.steps.length ? initial.steps : [{ command: "", sendPortInfo: true, suffix: "" }]);
  const setStep = (i: number, s: Partial<TStep>) => setSteps(steps.map((x, j) => (j === i ? { ...x, ...s } : x)));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    await onSave({
      name: String(f.get("name") ?? ""),
      maintObject: String(f.get("maintObject") ?? "").trim() || null,
      severities: SEVERITIES.filter((s) => f.get(`sev-${s}`)),
      steps: steps.map((s) => ({ command: s.command, sendPortInfo: s.sendPortInfo, suffix: s.suffix?.trim() || null })),
      resolveOnPass: !!f.get("resolveOnPass"),
      enabled: !!f.get("enabled"),
    });
  }

  return (
    <form className="panel rule-form" aria-label={label} onSubmit={submit}>
      <div className="filters">
        <label>
          Name
          <input name="name" required maxLength={100} defaultValue={initial.name} />
        </label>
        <label>
          Maintenance object (glob)
          <input name="maintObject" placeholder="DS1-BD, *-TRK, ANL-*|DIG-LINE" defaultValue={initial.maintObject ?? ""} />
        </label>
      </div>
      <fieldset>
        <legend>Severities (none: any)</legend>
        {SEVERITIES.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" name={`sev-${s}`} defaultChecked={initial.severities.includes(s)} /> {s.toLowerCase()}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Steps (up to {MAX_STEPS})</legend>
        {steps.map((s, i) => (
          <div key={i} className="step" role="group" aria-label={`Step ${i + 1}`}>
            <label>
              Command
              <input value={s.command} required placeholder="test board" onChange={(e) => setStep(i, { command: e.target.value })} />
            </label>
            <label className="check">
              <input type="checkbox" checked={s.sendPortInfo} onChange={(e) => setStep(i, { sendPortInfo: e.target.checked })} /> Send the
              alarm's port
            </label>
            <label>
              Suffix
              <input value={s.suffix ?? ""} placeholder="short" onChange={(e) => setStep(i, { suffix: e.target.value })} />
            </label>
            {steps.length > 1 && (
              <button type="button" onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                Remove step {i + 1}
              </button>
            )}
          </div>
        ))}
        {steps.length < MAX_STEPS && (
          <button type="button" onClick={() => setSteps([...steps, { command: "", sendPortInfo: true, suffix: "" }])}>
            Add a step
          </button>
        )}
      </fieldset>
      <label className="check">
        <input type="checkbox" name="resolveOnPass" defaultChecked={initial.resolveOnPass} /> Resolve the alarm when every step passes
      </label>
      <label className="check">
        <input type="checkbox" name="enabled" defaultChecked={initial.enabled} /> Enabled
      </label>
      <div className="toolbar">
        <button type="submit" className="primary">
          Save rule
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
