import { createHash } from "node:crypto";
import { createTwoFilesPatch } from "diff";
import { eq, ne, sql } from "drizzle-orm";
import { writeAudit } from "@/server/audit/log";
import type { Database, Executor } from "@/server/db/client";
import { asns, ips, registryObjects, routeServers, type RegistryObjectRow } from "@/server/db/schema";
import { env } from "@/server/env";
import { ConflictError } from "@/server/errors";
import { REGISTRY_KINDS, type RegistryKind, type RegistryPublishInput } from "@/shared/validation/registry";
import { renderAsSet, renderAutNums, type RegistryMember, type RegistrySettings } from "./objects";
import { utcMinute } from "@/shared/utc";

export interface RegistryObjectStatus {
  kind: RegistryKind;
  text: string;
  /** SHA-256 of text: "mark as published" stores the text only if it is still the one the volunteer saw. */
  sha256: string;
  published: RegistryObjectRow | null;
  /** Unified diff from the published text; null when they are the same. */
  diff: string | null;
}

function registrySettings(routeServerAsns: number[]): RegistrySettings {
  const config = env();
  const shortName = config.IX_SHORTNAME.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return {
    asSetName: config.IRR_AS_SET?.toUpperCase() ?? `AS-${shortName}`,
    memberMode: config.IRR_AS_SET_MEMBERS,
    ixName: config.IX_NAME,
    ixShortName: config.IX_SHORTNAME,
    routeServerAsns: routeServerAsns.length > 0 ? routeServerAsns : [config.IX_ASN],
    mntBy: config.IRR_MNT_BY ?? `MAINT-${shortName}`,
    contact: config.IRR_CONTACT ?? "SET-IRR_CONTACT",
    source: config.IRR_OBJECT_SOURCE,
  };
}

/** Members are the ASNs with an address on the LAN that is not decommissioned. */
async function loadMembers(db: Executor): Promise<RegistryMember[]> {
  const rows = await db
    .select({
      asn: asns.asn,
      asSet: asns.asSet,
      rsClient: asns.rsClient,
      hasIpv4: sql<number>`max(${ips.family} = 4)`,
      hasIpv6: sql<number>`max(${ips.family} = 6)`,
    })
    .from(asns)
    .innerJoin(ips, eq(ips.asnId, asns.id))
    .where(ne(ips.state, "decommissioned"))
    .groupBy(asns.id);
  return rows.map((row) => ({ ...row, asSet: row.asSet?.trim() || null, hasIpv4: Number(row.hasIpv4) === 1, hasIpv6: Number(row.hasIpv6) === 1 }));
}

/** The current text of both objects. */
export async function generateRegistryObjects(db: Executor): Promise<Record<RegistryKind, string>> {
  const members = await loadMembers(db);
  const servers = await db.selectDistinct({ asn: routeServers.asn }).from(routeServers).where(eq(routeServers.active, true));
  const settings = registrySettings(servers.map((server) => server.asn));
  return { "as-set": renderAsSet(members, settings), "aut-num": renderAutNums(members, settings) };
}

/** Each object's text, what was last published, and the diff between them. */
export async function registryStatus(db: Database): Promise<RegistryObjectStatus[]> {
  const current = await generateRegistryObjects(db);
  const published = new Map((await db.select().from(registryObjects)).map((row) => [row.kind, row]));
  return REGISTRY_KINDS.map((kind) => {
    const text = current[kind];
    const last = published.get(kind) ?? null;
    const before = last?.publishedText ?? "";
    const diff =
      before === text
        ? null
        : createTwoFilesPatch(`${kind} (published${last ? ` ${utcMinute(last.publishedAt)}` : ": never"})`, `${kind} (now)`, before, text, "", "", { context: 3 });
    return { kind, text, sha256: sha256(text), published: last, diff };
  });
}

/**
 * Records that the volunteer submitted the object to the IRR. With a sha256 (the admin page), only the
 * text they saw is recorded: if the members changed meanwhile they must review the new diff first.
 */
export async function markPublished(db: Database, input: RegistryPublishInput, actor: string, now: Date): Promise<RegistryObjectStatus> {
  return db.transaction(async (tx) => {
    const text = (await generateRegistryObjects(tx))[input.kind];
    if (input.sha256 && input.sha256 !== sha256(text)) {
      throw new ConflictError(`The ${input.kind} object changed since it was shown (a member joined or left); nothing was recorded. Review the new diff and publish again.`);
    }
    const [before] = await tx.select().from(registryObjects).where(eq(registryObjects.kind, input.kind)).for("update");
    await tx
      .insert(registryObjects)
      .values({ kind: input.kind, publishedText: text, publishedAt: now, publishedBy: actor })
      .onDuplicateKeyUpdate({ set: { publishedText: text, publishedAt: now, publishedBy: actor } });
    await writeAudit(tx, {
      actor,
      action: "registry.publish",
      entityType: "registry_object",
      entityId: input.kind,
      before: before ? { publishedText: before.publishedText, publishedAt: before.publishedAt } : null,
      after: { publishedText: text, publishedAt: now },
    });
    const published = { kind: input.kind, publishedText: text, publishedAt: now, publishedBy: actor };
    return { kind: input.kind, text, sha256: sha256(text), published, diff: null };
  });
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
