"use client";
import { useSession } from "@/components/layout/session.tsx";

/** The signed-in user's role, as the server read it from the session for this page (right on the first paint). */
export function useRole(): string {
  return useSession().role;
}

export const canRunTasks = (role: string) => role === "ADMIN" || role === "TECHNICIAN";
