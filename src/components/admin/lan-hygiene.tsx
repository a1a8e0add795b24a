import { eq } from "drizzle-orm";
import { LanFindingsTable } from "@/components/lan-findings";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { locations } from "@/server/db/schema";
import { listLanFindings } from "@/server/lan-hygiene/queries";
import { EnforceMacsForm, ResolveFindingButton } from "./lan-hygiene-forms";

/** The admin dashboard's LAN hygiene section: open findings on every POP's bridge. */
export async function LanHygieneSection() {
  const findings = await listLanFindings(getDb(), { limit: 100 });
  return (
    <Section id="lan-hygiene" title="LAN hygiene" boxed>
      {findings.length === 0 ? (
        <p className="text-sm text-slate-600">No open findings: the watchers see only registered MAC addresses on allocated addresses.</p>
      ) : (
        <LanFindingsTable findings={findings} action={(f) => <ResolveFindingButton id={f.id} />} />
      )}
    </Section>
  );
}

/** On a POP's page: the MAC filtering switch. */
export async function EnforceMacsSection({ locationId }: { locationId: number }) {
  const [pop] = await getDb().select({ code: locations.code, enforced: locations.enforceRegisteredMacs }).from(locations).where(eq(locations.id, locationId));
  if (!pop) return null;
  return (
    <Section id="mac-filtering" title="MAC filtering" boxed>
      <EnforceMacsForm pop={pop.code} enforced={pop.enforced} />
    </Section>
  );
}
