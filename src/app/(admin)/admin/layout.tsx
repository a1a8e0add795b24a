import { SectionNav } from "@/components/section-nav";
import { requireRole } from "@/server/auth/guard";
import { hasRole } from "@/server/auth/roles";

/** Navigation only; every admin page and action checks the role itself as well. */
const ADMIN_NAV = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/requests", label: "Requests" },
  { href: "/admin/members", label: "Members" },
  { href: "/admin/locations", label: "POPs" },
  { href: "/admin/lans", label: "Peering LANs" },
  { href: "/admin/route-servers", label: "Route servers" },
  { href: "/admin/registry", label: "Registry & DNS" },
  { href: "/admin/matrix", label: "Matrix" },
  { href: "/admin/maintenance", label: "Maintenance" },
  { href: "/admin/jobs", label: "Jobs" },
  { href: "/admin/metrics", label: "Metrics" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/mailbox", label: "Mailbox", adminOnly: true },
  { href: "/admin/users", label: "Users", adminOnly: true },
];

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("volunteer", "/admin");
  const links = ADMIN_NAV.filter((item) => !item.adminOnly || hasRole(user.role, "admin"));
  return (
    <div className="space-y-6">
      <SectionNav links={links} signedInAs={`${user.email} (${user.role})`} />
      {children}
    </div>
  );
}
