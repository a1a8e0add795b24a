import Link from "next/link";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

export default function HomePage() {
  return (
    <section className="space-y-6">
      <h1 className="text-3xl font-bold text-brand-900">{env().IX_NAME}</h1>
      <p className="max-w-2xl text-slate-700">
        An internet exchange where networks of every size peer with each other over layer-2 tunnels into our points of
        presence, with route servers that give you routes from everyone over one BGP session.
      </p>
      <Link href="/connect" className="inline-block rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        Connect your network
      </Link>
    </section>
  );
}
