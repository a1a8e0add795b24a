/** A titled part of a page; the heading labels the region for screen readers and tests. */
export function Section({ id, title, children, boxed = false }: { id: string; title: string; children: React.ReactNode; boxed?: boolean }) {
  return (
    <section aria-labelledby={`${id}-heading`} className={boxed ? "space-y-3 rounded border border-slate-200 bg-white p-4" : "space-y-3"}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
