import Link from "next/link";
import { PageHeader } from "@/components/page-header";

/** 401 (nothing calls unauthorized() yet, but Next sends its default in every page otherwise); see not-found.tsx. */
export default function Unauthorized() {
  return (
    <PageHeader title="Please sign in">
      This page needs a signed-in account. <Link className="text-brand-700 underline" href="/login">
        Sign in
      </Link>
    </PageHeader>
  );
}
