"use client";
import { useRouter } from "next/navigation";
import { Nav } from "@/components/layout/nav.tsx";
import { api } from "@/lib/api/trpc.client.ts";

export function AppNav({ user, role }: { user: string; role: string }) {
  const router = useRouter();
  const logout = async () => {
    await api.auth.logout.mutate().catch(() => {});
    router.replace("/login");
    router.refresh();
  };
  return <Nav user={user} role={role} onLogout={logout} showUsers={role === "ADMIN"} />;
}
