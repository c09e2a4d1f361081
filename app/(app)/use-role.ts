"use client";
import { useEffect, useState } from "react";
import { api } from "@/lib/api/trpc.client.ts";

export type TRoleName = "ADMIN" | "TECHNICIAN" | "VIEWER";

/** The signed-in user's role (null while loading): pages hide what the server would refuse anyway. */
export function useRole(): TRoleName | null {
  const [role, setRole] = useState<TRoleName | null>(null);
  useEffect(() => {
    api.auth.me.query().then(
      (me) => setRole(me.role as TRoleName),
      () => {},
    );
  }, []);
  return role;
}
