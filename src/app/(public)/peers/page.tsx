import type { Metadata } from "next";
import { getDb } from "@/server/db/client";
import { findPublicPeers } from "@/server/directory/peer-index";
import { peerListQuerySchema } from "@/shared/directory/peer-search";
import { PeerDirectory } from "@/components/directory/peer-directory";
import { PageHeader } from "@/components/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Peers" };

export default async function PeersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = peerListQuerySchema.parse(await searchParams);
  const result = await findPublicPeers(getDb(), query);
  return (
    <section className="space-y-6">
      <PageHeader title="Peers">
        Every member with an address on the peering LAN, and whether its session with our route servers was up when
        we last checked. Contact addresses appear only where the member chose to publish them. Machine-readable:{" "}
        <a className="text-brand-700 underline" href="/ixf.json">
          IX-F member export
        </a>
        .
      </PageHeader>
      <PeerDirectory result={result} query={query} />
    </section>
  );
}
