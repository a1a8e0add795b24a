import { Cell, DataTable, Row } from "@/components/data-table";
import { describeCell, type LinkHealth, type MeshMatrix } from "@/server/matrix/mesh-matrix";
import { describeReach, describeSession, type MemberMatrix, type Reach, type SessionCell } from "@/server/matrix/member-matrix";

const HEALTH_STYLE: Record<LinkHealth, string> = {
  up: "bg-green-100 text-green-900",
  lossy: "bg-amber-100 text-amber-900",
  down: "bg-red-600 text-white font-semibold",
  "no-data": "bg-slate-200 text-slate-700",
  "no-link": "text-slate-400",
};

/** POPs x POPs: the row's tunnel server probing the column's over the mesh. */
export function MeshMatrixTable({ matrix }: { matrix: MeshMatrix }) {
  if (matrix.pops.length < 2) return <p className="text-sm text-slate-600">The mesh needs at least two active POPs.</p>;
  return (
    <table className="text-left text-sm" data-testid="mesh-matrix">
      <thead>
        <tr className="text-slate-600">
          <th className="p-2">From \ to</th>
          {matrix.pops.map((pop) => (
            <th key={pop.code} className="p-2" title={pop.name}>
              {pop.code}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.rows.map((row, i) => (
          <tr key={matrix.pops[i]!.code}>
            <th className="p-2 text-slate-600" title={matrix.pops[i]!.name}>
              {matrix.pops[i]!.code}
            </th>
            {row.map((cell, j) =>
              cell === null ? (
                <td key={j} className="p-2 text-center text-slate-300">
                  ·
                </td>
              ) : (
                <td key={j} className={`border border-white p-2 text-xs ${HEALTH_STYLE[cell.health]}`} data-testid={`mesh-${cell.from}-${cell.to}`} data-health={cell.health}>
                  {describeCell(cell)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const reachStyle = (reach: Reach) => (reach.ok === true ? "text-green-800" : reach.ok === false ? "text-red-700 font-semibold" : "text-slate-600");
const sessionStyle = (cell: SessionCell | undefined) => (cell?.state === "up" ? "text-green-800" : cell?.state === "down" ? "text-red-700 font-semibold" : "text-slate-600");

/** Each member address to each route server: the BGP session as last read from BIRD. */
export function RouteServerSessionsTable({ matrix }: { matrix: MemberMatrix }) {
  if (matrix.members.length === 0) return <p className="text-sm text-slate-600">No provisioned member addresses yet.</p>;
  return (
    <DataTable headers={["Member", "Address", ...matrix.routeServers.map((rs) => rs.name)]}>
      {matrix.members.map((member) => (
        <Row key={member.ipId} testId="rs-sessions">
          <Cell>
            {member.clientName} (AS{member.asn})
          </Cell>
          <Cell mono>{member.address}</Cell>
          {matrix.routeServers.map((rs) => (
            <td key={rs.id} className={`py-2 pr-3 ${sessionStyle(member.sessions[rs.id])}`}>
              {describeSession(member.sessions[rs.id])}
            </td>
          ))}
        </Row>
      ))}
    </DataTable>
  );
}

/** Member pairs: from, to, and whether the first reaches the second over the LAN. */
export function MemberPairsTable({ pairs }: { pairs: MemberMatrix["pairs"] }) {
  if (pairs.length === 0) return <p className="text-sm text-slate-600">No other member on the same address family yet.</p>;
  return (
    <DataTable headers={["From", "To", "Over the LAN"]}>
      {pairs.map((pair) => (
        <Row key={`${pair.from.ipId}-${pair.to.ipId}`} testId="member-pair">
          <Cell>
            AS{pair.from.asn} <span className="font-mono">{pair.from.address}</span>
          </Cell>
          <Cell>
            {pair.to.clientName} (AS{pair.to.asn}) <span className="font-mono">{pair.to.address}</span>
          </Cell>
          <td className={`py-2 pr-3 ${reachStyle(pair.reach)}`}>{describeReach(pair.reach)}</td>
        </Row>
      ))}
    </DataTable>
  );
}
