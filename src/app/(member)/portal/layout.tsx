import { SectionNav } from "@/components/section-nav";
import { requireRole } from "@/server/auth/guard";

const PORTAL_NAV = [
  { href: "/portal", label: "My network" },
  { href: "/portal/reach", label: "Who can I reach" },
  { href: "/portal/diagnostics", label: "Diagnostics" },
];

/** Navigation only; every portal page checks the session and the client itself as well. */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("member", "/portal");
  return (
    <div className="space-y-6">
      <SectionNav links={PORTAL_NAV} signedInAs={user.email} />
      {children}
    </div>
  );
}
