import { Cell, DataTable, Row } from "@/components/data-table";
import type { LanFindingRow } from "@/server/lan-hygiene/queries";
import { LAN_FINDING_LABELS } from "@/shared/lan-findings";
import { utcMinute } from "@/shared/utc";


/** LAN hygiene findings as a table; the admin view adds the member and a resolve button. */
export function LanFindingsTable({ findings, action }: { findings: LanFindingRow[]; action?: (finding: LanFindingRow) => React.ReactNode }) {
  return (
    <DataTable headers={["Problem", "POP", "Port", "MAC address", "IP address", ...(action ? ["Member", ""] : []), "First seen", "Last seen"]}>
      {findings.map((f) => (
        <Row key={f.id} testId="lan-finding">
          <Cell>
            <span className="font-medium">{LAN_FINDING_LABELS[f.kind].title}</span>
            <br />
            <span className="text-xs text-slate-600">{f.detail}</span>
          </Cell>
          <Cell>{f.pop}</Cell>
          <Cell mono>{f.port || "unknown"}</Cell>
          <Cell mono>{f.mac}</Cell>
          <Cell mono>{f.ip || "–"}</Cell>
          {action && <Cell>{f.member ?? "unknown"}</Cell>}
          {action && <Cell>{action(f)}</Cell>}
          <Cell small>{utcMinute(f.firstSeenAt)}</Cell>
          <Cell small>{utcMinute(f.lastSeenAt)}</Cell>
        </Row>
      ))}
    </DataTable>
  );
}
