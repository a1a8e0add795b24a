import { LanFindingsTable } from "@/components/lan-findings";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { listLanFindings } from "@/server/lan-hygiene/queries";
import { LAN_FINDING_KINDS } from "@/shared/enums";
import { LAN_FINDING_LABELS } from "@/shared/lan-findings";

/** The member portal's diagnostics: what the LAN watchers saw from this member's connections, with what to do. */
export async function MemberLanFindings({ clientId }: { clientId: number }) {
  const findings = await listLanFindings(getDb(), { clientId, limit: 100 });
  const kinds = LAN_FINDING_KINDS.filter((kind) => findings.some((f) => f.kind === kind));
  return (
    <Section id="diagnostics" title="Diagnostics: peering LAN">
      {findings.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing to fix: our watchers see only your registered MAC addresses, on your own addresses.</p>
      ) : (
        <>
          <LanFindingsTable findings={findings} />
          <ul className="list-disc pl-5 text-sm text-slate-700">
            {kinds.map((kind) => (
              <li key={kind}>
                <span className="font-medium">{LAN_FINDING_LABELS[kind].title}:</span> {LAN_FINDING_LABELS[kind].advice}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
