import Link from "next/link";
import { PageHeader } from "@/components/page-header";

/** 403 (forbidden() for a signed-in user without the role); see not-found.tsx. */
export default function Forbidden() {
  return (
    <PageHeader title="Not allowed">
      Your account may not open this page. <Link className="text-brand-700 underline" href="/">
        Home page
      </Link>
    </PageHeader>
  );
}
