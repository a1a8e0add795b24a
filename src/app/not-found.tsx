import Link from "next/link";
import { PageHeader } from "@/components/page-header";

/*
 * The site's own 404 (and forbidden.tsx, unauthorized.tsx): inside the site's layout, and much smaller than
 * Next's defaults, which every page response carries in its RSC payload (3.4 KB of inline styles for the three).
 */
export default function NotFound() {
  return (
    <PageHeader title="Page not found">
      There is no page at this address. <Link className="text-brand-700 underline" href="/">
        Home page
      </Link>
    </PageHeader>
  );
}
