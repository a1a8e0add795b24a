import type { Metadata } from "next";
import { getDb } from "@/server/db/client";
import { listPublicPeers } from "@/server/directory/peers";
import { PeerDirectory } from "@/components/directory/peer-directory";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Peers" };

export default async function PeersPage() {
  const peers = await listPublicPeers(getDb());
  return (
    <section className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold text-brand-900">Peers</h1>
        <p className="max-w-2xl text-slate-700">
          Networks with live sessions on the peering LAN. Machine-readable: <a className="text-brand-700 underline" href="/ixf.json">IX-F member export</a>.
        </p>
      </header>
      <PeerDirectory peers={peers} />
    </section>
  );
}
