import Link from "next/link";

/** A page title, an optional introduction paragraph and an optional primary link (e.g. "Add a POP"). */
export function PageHeader({
  title,
  action,
  children,
}: {
  title: React.ReactNode;
  action?: { href: string; label: string };
  children?: React.ReactNode;
}) {
  return (
    <header className="space-y-2">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-bold text-brand-900 sm:text-3xl">{title}</h1>
        {action && (
          <Link href={action.href} className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
            {action.label}
          </Link>
        )}
      </div>
      {children && <p className="max-w-2xl text-slate-700">{children}</p>}
    </header>
  );
}
