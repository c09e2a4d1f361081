import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { principalFromCookie, SESSION_COOKIE } from "@/lib/api/server-session.ts";

export const dynamic = "force-dynamic";

export default async function Home() {
  const principal = await principalFromCookie((await cookies()).get(SESSION_COOKIE)?.value);
  redirect(principal ? "/alarms" : "/login");
}
