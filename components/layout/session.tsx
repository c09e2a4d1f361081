"use client";
import { createContext, type ReactNode, useContext } from "react";

export type TSession = { name: string; role: "ADMIN" | "TECHNICIAN" | "VIEWER" };

const SessionContext = createContext<TSession | null>(null);

/** The signed-in user as the server read it from the cookie, so the first paint already knows the role. */
export function SessionProvider({ session, children }: { session: TSession; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): TSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside the signed-in layout");
  return s;
}
