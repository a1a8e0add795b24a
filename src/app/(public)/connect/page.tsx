import type { Metadata } from "next";
import { ConnectForm } from "@/components/requests/connect-form";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { connectOptions } from "@/server/requests/queries";

export const metadata: Metadata = { title: "Connect your network" };
export const dynamic = "force-dynamic";

export default async function ConnectPage({ searchParams }: { searchParams: Promise<{ proof?: string | string[] }> }) {
  const [pops, { proof }] = await Promise.all([connectOptions(getDb()), searchParams]);
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold text-brand-900">Connect your network to {env().IX_NAME}</h1>
      <p className="max-w-2xl text-slate-700">
        Tell us about your network and where you want to connect. We email you a link to confirm your address; then a
        volunteer reviews the request and, once approved, you get your peering-LAN addresses and tunnel details by email.
      </p>
      {proof === "lost" && (
        <p role="alert" className="max-w-2xl rounded border border-red-200 bg-red-50 p-3 text-red-800">
          We lost track of your request during the PeeringDB sign-in. Open the link in your request email and try again.
        </p>
      )}
      {pops.length === 0 ? (
        <p className="rounded border border-amber-200 bg-amber-50 p-3 text-amber-900">No point of presence is taking new members at the moment.</p>
      ) : (
        <ConnectForm pops={pops} />
      )}
    </section>
  );
}
