"use client";
import { useSession } from "@/components/layout/session.tsx";

export type TRoleName = "ADMIN" | "TECHNICIAN" | "VIEWER";

/** The signed-in user's role, as the server read it from the session for this page (right on the first paint). */
export function useRole(): TRoleName | null {
  return useSession().role;
}
