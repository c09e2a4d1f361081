"use client";
import { useCallback, useEffect, useState } from "react";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

type TThrottle = Awaited<ReturnType<typeof api.user.loginThrottles.query>>[number];

/** Logins being slowed down (an account at an address, or an address at its account limit), with unlock. */
export function LoginThrottles() {
  const [rows, setRows] = useState<TThrottle[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api.user.loginThrottles.query().then(setRows, (e) => setError(errorMessage(e))), []);
  useEffect(() => {
    void load();
  }, [load]);
  const unlock = async (r: TThrottle) => {
    await api.user.unlockLogin
      .mutate(r.account ? { account: r.account, address: r.address } : { address: r.address })
      .catch((e) => setError(errorMessage(e)));
    await load();
  };
  return (
    <section aria-label="Slowed logins">
      <h2>Slowed logins</h2>
      <p className="muted">
        Failed logins slow down further attempts for that account from that address; an address that failed on many accounts may not try new
        ones for a while. Nobody is locked out for good: unlock to let them try again at once.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <DataTable
        label="Slowed logins"
        rows={rows.map((r, id) => ({ ...r, id }))}
        empty="No logins are being slowed down."
        columns={[
          { key: "who", label: "Account", render: (r) => r.account ?? `any account (${r.accounts.length} tried)` },
          { key: "address", label: "Address", render: (r) => r.address },
          { key: "failures", label: "Failures", render: (r) => (r.account ? r.failures : r.accounts.length) },
          {
            key: "until",
            label: "Waits until",
            render: (r) => (r.blockedUntil ? new Date(r.blockedUntil).toLocaleString() : "—"),
          },
          {
            key: "unlock",
            label: "",
            render: (r) => (
              <button type="button" onClick={() => unlock(r)}>
                Unlock
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}
