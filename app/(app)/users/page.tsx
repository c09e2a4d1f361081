import { cookies } from "next/headers";
import { principalFromCookie, SESSION_COOKIE } from "@/lib/api/server-session.ts";
import { LoginThrottles } from "./login-throttles.tsx";
import { UsersAdmin } from "./users-admin.tsx";

export const dynamic = "force-dynamic";

/** Admins only: the check is on the server, and every user.* procedure checks again. */
export default async function UsersPage() {
  const principal = await principalFromCookie((await cookies()).get(SESSION_COOKIE)?.value);
  if (principal?.role !== "ADMIN") {
    return (
      <div>
        <h1>Users</h1>
        <p className="error" role="alert">
          You need the admin role to manage users.
        </p>
      </div>
    );
  }
  return (
    <>
      <UsersAdmin />
      <LoginThrottles />
    </>
  );
}
