"use client";
import { useState } from "react";
import type { TSystem } from "@/components/systems/types.ts";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : "");

/** The SSH host key remembered at first contact, a changed key the system now offers, and the admin's Accept / Forget. */
export function HostKeyPanel({ system, admin, onChange }: { system: TSystem; admin: boolean; onChange: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      setError(null);
      onChange();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const offered = system.sshHostKeyNew;
  return (
    <section className="panel" aria-label="SSH host key">
      <h2>SSH host key</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <dl className="kv">
        <dt>Remembered</dt>
        <dd data-testid="host-key">
          {system.sshHostKey ? (
            <>
              <code>{system.sshHostKey}</code> <span className="muted">since {when(system.sshHostKeyAt)}</span>
            </>
          ) : (
            <span className="muted">none yet: the first SSH connection remembers the key it meets</span>
          )}
        </dd>
        {offered && (
          <>
            <dt>Now offered</dt>
            <dd className="error">
              <code>{offered}</code> <span className="muted">({when(system.sshHostKeyNewAt)})</span> — SSH connections are refused until an
              administrator accepts this key.
            </dd>
          </>
        )}
      </dl>
      {admin && (
        <div className="toolbar">
          {offered && (
            <button
              type="button"
              className="primary"
              onClick={() => void act(() => api.system.acceptHostKey.mutate({ id: system.id, fingerprint: offered }))}
            >
              Accept the new key
            </button>
          )}
          {(system.sshHostKey || offered) && (
            <button type="button" onClick={() => void act(() => api.system.forgetHostKey.mutate({ id: system.id }))}>
              Forget the key
            </button>
          )}
        </div>
      )}
    </section>
  );
}
