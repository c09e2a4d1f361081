import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SessionProvider } from "@/components/layout/session.tsx";
import { principalFromCookie, SESSION_COOKIE } from "@/lib/api/server-session.ts";
import { AppNav } from "./app-nav.tsx";

export const dynamic = "force-dynamic";

/** Every page in this group needs a session; the API checks roles again on every call. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const principal = await principalFromCookie((await cookies()).get(SESSION_COOKIE)?.value);
  if (!principal) redirect("/login");
  return (
    <SessionProvider session={{ name: principal.name, role: principal.role }}>
      <div className="shell">
        <AppNav user={principal.name} role={principal.role} />
        <main className="main">{children}</main>
      </div>
    </SessionProvider>
  );
}
