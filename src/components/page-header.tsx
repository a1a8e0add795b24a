/** Title and one-paragraph introduction at the top of a public page. */
export function PageHeader({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <header className="space-y-2">
      <h1 className="text-3xl font-bold text-brand-900">{title}</h1>
      <p className="max-w-2xl text-slate-700">{children}</p>
    </header>
  );
}
