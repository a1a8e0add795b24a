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
        Networks with live sessions on the peering LAN. Machine-readable:{" "}
        <a className="text-brand-700 underline" href="/ixf.json">
          IX-F member export
        </a>
        .
      </PageHeader>
      <PeerDirectory peers={peers} />
    </section>
  );
}
