import Link from "next/link";

/**
 * Previous/next links of a list paged on the server; `href(page)` keeps the list's other query parameters.
 * Plain links, so paging works without JavaScript.
 */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  const link = "rounded border border-slate-300 bg-white px-3 py-1.5 text-brand-700 hover:bg-slate-50";
  return (
    <nav className="flex flex-wrap items-center gap-3 text-sm" aria-label="Pages">
      {page > 1 && (
        <Link href={href(page - 1)} rel="prev" prefetch={false} className={link}>
          ← Previous
        </Link>
      )}
      <span className="text-slate-600">
        Page {page} of {pages}
      </span>
      {page < pages && (
        <Link href={href(page + 1)} rel="next" prefetch={false} className={link}>
          Next →
        </Link>
      )}
    </nav>
  );
}
