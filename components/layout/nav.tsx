"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/alarms", label: "Alarms" },
  { href: "/alarms/rejected", label: "Rejected intake" },
  { href: "/systems", label: "Systems" },
  { href: "/notifications", label: "Notifications" },
  { href: "/contacts", label: "Contacts" },
  { href: "/escalation", label: "Escalation" },
  { href: "/tasks", label: "Tasks" },
  { href: "/cluster", label: "Cluster" },
  { href: "/reports", label: "Reports" },
  { href: "/maintenance", label: "Maintenance" },
  { href: "/settings", label: "Settings" },
];

export function Nav({ user, role, onLogout, showUsers }: { user: string; role: string; onLogout: () => void; showUsers: boolean }) {
  const path = usePathname();
  const links = showUsers ? [...LINKS, { href: "/users", label: "Users" }] : LINKS;
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">Klaxon</div>
      <div className="links">
        {links.map((l) => (
          <Link key={l.href} href={l.href} className={isActive(path, l.href, links) ? "active" : ""}>
            {l.label}
          </Link>
        ))}
      </div>
      <div className="who">
        <span title={user}>
          {user} · {role.toLowerCase()}
        </span>
        <button type="button" onClick={onLogout}>
          Log out
        </button>
      </div>
    </nav>
  );
}

/** The longest link that prefixes the path is the active one (/alarms/rejected is not also "Alarms"). */
function isActive(path: string | null, href: string, links: { href: string }[]): boolean {
  if (!path?.startsWith(href)) return false;
  return !links.some((l) => l.href.length > href.length && path.startsWith(l.href));
}
