"use client";
import { useEffect, useState } from "react";
import { api } from "@/lib/api/trpc.client.ts";

/** The signed-in user's role (VIEWER until known: no action is offered before the server said so). */
export function useRole(): string {
  const [role, setRole] = useState("VIEWER");
  useEffect(() => {
    api.auth.me.query().then(
      (me) => setRole(me.role),
      () => {},
    );
  }, []);
  return role;
}

export const canRunTasks = (role: string) => role === "ADMIN" || role === "TECHNICIAN";
