/** The tables of the portal and admin pages: a header row and the caller's rows. */
export function DataTable({ headers, children }: { headers: readonly string[]; children: React.ReactNode }) {
  return (
    <table className="w-full text-left text-sm">
      <thead>
        <tr className="border-b border-slate-200 text-slate-600">
          {headers.map((header) => (
            <th key={header} className="py-1 pr-3">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

export function Row({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <tr className="border-b border-slate-100 align-top" data-testid={testId}>
      {children}
    </tr>
  );
}

export function Cell({ children, mono = false, small = false }: { children?: React.ReactNode; mono?: boolean; small?: boolean }) {
  return <td className={`py-2 pr-3 ${mono ? "font-mono" : ""} ${small ? "text-xs" : ""}`}>{children}</td>;
}
