import Link from "next/link";
import { requireRole } from "@/server/auth/guard";
import { hasRole } from "@/server/auth/roles";
import { logout } from "@/server/auth/actions";

/** Navigation only; every admin page and action checks the role itself as well. */
const ADMIN_NAV = [
  { href: "/admin", label: "Requests" },
  { href: "/admin/members", label: "Members" },
  { href: "/admin/locations", label: "POPs" },
  { href: "/admin/lans", label: "Peering LANs" },
  { href: "/admin/route-servers", label: "Route servers" },
  { href: "/admin/jobs", label: "Jobs" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/mailbox", label: "Mailbox", adminOnly: true },
  { href: "/admin/users", label: "Users", adminOnly: true },
];

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("volunteer", "/admin");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 pb-3">
        {ADMIN_NAV.filter((item) => !("adminOnly" in item) || hasRole(user.role, "admin")).map((item) => (
          <Link key={item.href} href={item.href} className="text-sm font-medium text-slate-700 hover:text-brand-700">
            {item.label}
          </Link>
        ))}
        <form action={logout} className="ml-auto flex items-center gap-2 text-sm text-slate-500">
          <span>
            {user.email} ({user.role})
          </span>
          <button type="submit" className="underline hover:text-brand-700">
            Sign out
          </button>
        </form>
      </div>
      {children}
    </div>
  );
}
