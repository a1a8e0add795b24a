import Link from "next/link";

/** A page title with an optional primary link (e.g. "Add a POP"). */
export function PageHeader({ title, action }: { title: React.ReactNode; action?: { href: string; label: string } }) {
  return (
    <div className="flex items-center justify-between">
      <h1 className="text-2xl font-bold text-brand-900">{title}</h1>
      {action && (
        <Link href={action.href} className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          {action.label}
        </Link>
      )}
    </div>
  );
}
