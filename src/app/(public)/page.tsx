import Link from "next/link";
import { getDb } from "@/server/db/client";
import { MaintenanceBanner } from "@/components/maintenance-banner";
import { getIxFigures } from "@/server/directory/figures";
import { env } from "@/server/env";
import { maintenanceNotices } from "@/server/maintenance/queries";

export const dynamic = "force-dynamic";

function Figure({ label, value }: { label: string; value: number | null }) {
  return (
    <div className="flex flex-col-reverse rounded-lg border border-slate-200 bg-white p-4 text-center shadow-sm">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-3xl font-bold text-brand-900">{value === null ? "–" : value.toLocaleString("en-US")}</dd>
    </div>
  );
}

export default async function HomePage() {
  const figures = await getIxFigures(getDb());
  const now = new Date();
  const maintenance = await maintenanceNotices(getDb(), now);
  const prefixesKnown = figures.prefixesV4 !== null || figures.prefixesV6 !== null;
  return (
    <section className="space-y-8">
      <MaintenanceBanner windows={maintenance} now={now} />
      <div className="space-y-4">
        <h1 className="text-3xl font-bold text-brand-900">{env().IX_NAME}</h1>
        <p className="max-w-2xl text-slate-700">
          An internet exchange where networks of every size peer with each other over layer-2 tunnels into our points of
          presence, with route servers that give you routes from everyone over one BGP session.
        </p>
        <Link href="/connect" className="inline-block rounded bg-brand-600 px-5 py-3 text-lg font-medium text-white hover:bg-brand-700">
          Connect your network
        </Link>
      </div>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5" aria-label="Live figures">
        <Figure label="Members" value={figures.members} />
        <Figure label="ASNs" value={figures.asns} />
        <Figure label="Locations" value={figures.pops} />
        {prefixesKnown && <Figure label="IPv4 prefixes via route servers" value={figures.prefixesV4} />}
        {prefixesKnown && <Figure label="IPv6 prefixes via route servers" value={figures.prefixesV6} />}
      </dl>
      <p className="text-slate-700">
        See who is here on the <Link href="/peers" className="text-brand-700 underline">peers</Link> page, where you can connect on the{" "}
        <Link href="/locations" className="text-brand-700 underline">locations</Link> page, or fetch our{" "}
        <a href="/ixf.json" className="text-brand-700 underline">IX-F member export</a>.
      </p>
    </section>
  );
}
