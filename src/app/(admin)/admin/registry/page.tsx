import type { Metadata } from "next";
import { PublishRegistryButton } from "@/components/admin/publish-registry-button";
import { Cell, DataTable, Row } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listStoredZones, reverseDnsSettings } from "@/server/dns/service";
import { registryStatus } from "@/server/registry/service";
import { utcMinute } from "@/shared/utc";

export const metadata: Metadata = { title: "Registry and reverse DNS" };
export const dynamic = "force-dynamic";

const TITLES = { "as-set": "The IX's AS-SET", "aut-num": "Route servers' aut-num" } as const;

export default async function RegistryPage() {
  await requireRole("volunteer", "/admin/registry");
  const db = getDb();
  const [objects, zones] = await Promise.all([registryStatus(db), listStoredZones(db)]);
  const dns = reverseDnsSettings();
  return (
    <section className="space-y-6">
      <PageHeader title="Registry and reverse DNS">
        The IX&apos;s own objects for the IRR, generated from the members, and the reverse zones of the peering LANs. Submit an object to your IRR, then mark it as
        published: the next changes are shown against that version.
      </PageHeader>
      {objects.map((object) => (
        <Section key={object.kind} id={object.kind} title={TITLES[object.kind]} boxed>
          <p className="text-sm text-slate-600">
            {object.published ? `Last published ${utcMinute(object.published.publishedAt)} by ${object.published.publishedBy}.` : "Never published."}{" "}
            {object.diff === null ? "Unchanged since then." : "Changes since then are shown below."}
          </p>
          <pre className="overflow-x-auto rounded bg-slate-50 p-3 font-mono text-xs" aria-label={`${TITLES[object.kind]} as it is now`}>
            {object.text}
          </pre>
          {object.diff !== null && (
            <>
              <h3 className="font-medium">Changes since last published</h3>
              <pre className="overflow-x-auto rounded bg-slate-50 p-3 font-mono text-xs" aria-label={`${TITLES[object.kind]}: changes since last published`}>
                {object.diff.split("\n").map((line, index) => (
                  <span key={index} className={line.startsWith("+") && !line.startsWith("+++") ? "text-green-800" : line.startsWith("-") && !line.startsWith("---") ? "text-red-700" : undefined}>
                    {line}
                    {"\n"}
                  </span>
                ))}
              </pre>
            </>
          )}
          <PublishRegistryButton kind={object.kind} sha256={object.sha256} upToDate={object.diff === null} />
        </Section>
      ))}
      <Section id="reverse-dns" title="Reverse DNS zones" boxed>
        <p className="text-sm text-slate-600">
          {dns
            ? `PTR names follow ${dns.template} under ${dns.domain}. The dns-render job (Jobs page) writes the zones every minute; a zone's serial moves only when its records change.`
            : "Reverse DNS is off: set RDNS_DOMAIN to generate zones (see docs/OPERATIONS.md)."}
        </p>
        {zones.length > 0 && (
          <DataTable headers={["Zone", "Serial", "Last changed"]}>
            {zones.map((zone) => (
              <Row key={zone.name}>
                <Cell mono small>
                  {zone.name}
                </Cell>
                <Cell mono small>
                  {zone.serial}
                </Cell>
                <Cell small>{utcMinute(zone.changedAt)}</Cell>
              </Row>
            ))}
          </DataTable>
        )}
      </Section>
    </section>
  );
}
