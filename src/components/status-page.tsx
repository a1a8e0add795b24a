import Link from "next/link";
import { PageHeader } from "@/components/page-header";

/**
 * The site's own 404/403/401 pages (src/app/not-found.tsx, forbidden.tsx, unauthorized.tsx): inside the site's
 * layout, and much smaller than Next's defaults, which every page response carries in its RSC payload (3.4 KB of
 * inline styles for the three).
 */
export function StatusPage({ title, message, link }: { title: string; message: string; link: { href: string; label: string } }) {
  return (
    <PageHeader title={title}>
      {message}{" "}
      <Link className="text-brand-700 underline" href={link.href}>
        {link.label}
      </Link>
    </PageHeader>
  );
}
