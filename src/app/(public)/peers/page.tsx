import type { Metadata } from "next";
import { getDb } from "@/server/db/client";
import { listPublicPeers } from "@/server/directory/peers";
import { PeerDirectory } from "@/components/directory/peer-directory";
import { PageHeader } from "@/components/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Peers" };

export default async function PeersPage() {
  const peers = await listPublicPeers(getDb());
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
      <PeerDirectory peers={peers} />
    </section>
  );
}
