import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { LanForm } from "@/components/admin/lan-form";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { releaseLanRange, reserveLanRange } from "@/server/lans/actions";
import { getLan } from "@/server/lans/queries";
import { findByIdOr404 } from "@/server/pages/find-by-id";

export const metadata: Metadata = { title: "Peering LAN" };

export default async function LanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole("volunteer", `/admin/lans/${encodeURIComponent(id)}`);
  const lan = await findByIdOr404(id, (lanId) => getLan(getDb(), lanId));
  return (
    <div className="space-y-8">
      <section className="space-y-4">
        <PageHeader title={lan.name} />
        <LanForm lan={lan} />
      </section>
      <Section id="reservations" title="Reserved ranges">
        <p className="text-sm text-slate-600">Addresses in these ranges are never handed to members (route servers, tunnel servers, monitoring).</p>
        <ul className="space-y-2">
          {lan.reservations.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-3 text-sm">
              <span className="font-mono">
                {r.firstAddress} – {r.lastAddress}
              </span>
              <span className="text-slate-600">{r.purpose}</span>
              <ActionForm action={releaseLanRange} submitLabel="Remove" inline danger>
                <input type="hidden" name="id" value={r.id} />
              </ActionForm>
            </li>
          ))}
        </ul>
        <ActionForm action={reserveLanRange} submitLabel="Reserve range">
          <input type="hidden" name="lanId" value={lan.id} />
          <div className="grid gap-3 sm:grid-cols-3">
            <TextField name="firstAddress" label="First address" required />
            <TextField name="lastAddress" label="Last address" required />
            <TextField name="purpose" label="Purpose" required placeholder="Route servers" />
          </div>
        </ActionForm>
      </Section>
    </div>
  );
}
