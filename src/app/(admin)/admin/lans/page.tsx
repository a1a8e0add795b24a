import type { Metadata } from "next";
import Link from "next/link";
import { Cell, DataTable, Row } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listLans } from "@/server/lans/queries";

export const metadata: Metadata = { title: "Peering LANs" };

export default async function LansPage() {
  await requireRole("volunteer", "/admin/lans");
  const lans = await listLans(getDb());
  return (
    <section className="space-y-4">
      <PageHeader title="Peering LANs" action={{ href: "/admin/lans/new", label: "Add a LAN" }} />
      <DataTable headers={["Name", "Prefixes", "Scheme", "IX-F vlan", "Addresses in use", "Reserved ranges"]}>
        {lans.map((lan) => (
          <Row key={lan.id}>
            <Cell>
              <Link href={`/admin/lans/${lan.id}`} className="text-brand-700 underline">
                {lan.name}
              </Link>
              {!lan.active && <span className="ml-1 text-xs text-slate-500">(inactive)</span>}
            </Cell>
            <Cell mono small>
              {[lan.ipv4Prefix, lan.ipv6Prefix].filter(Boolean).join(" ")}
            </Cell>
            <Cell>{lan.allocationScheme.replace("_", " ")}</Cell>
            <Cell>{lan.ixfVlanId}</Cell>
            <Cell>{lan.usedAddresses}</Cell>
            <Cell mono small>
              {lan.reservations.map((r) => (
                <div key={r.id}>
                  {r.firstAddress} – {r.lastAddress}
                </div>
              ))}
            </Cell>
          </Row>
        ))}
      </DataTable>
    </section>
  );
}
