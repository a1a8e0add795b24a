import type { Command } from "commander";
import { z } from "zod";
import { approveRequest } from "@/server/requests/approve";
import { requestDetail, requestQueue, type RequestDetail } from "@/server/requests/queries";
import { PROOF_LABELS, proofLevel } from "@/server/requests/proof/summary";
import { rejectRequest } from "@/server/requests/reject";
import { systemReviewer } from "@/server/requests/reviewer";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";
import { approveRequestSchema } from "@/shared/validation/request";
import { CliError } from "../errors";
import { CLI_ACTOR, getDb, printJson } from "../context";

const requestId = z.coerce.number({ error: "request id must be a number" }).int("request id must be a whole number").positive("request id must be positive");

const day = (value: Date | null) => (value ? value.toISOString().slice(0, 16).replace("T", " ") : "-");

export function formatRequest(request: RequestDetail): string {
  const lines = [
    `Request #${request.id}: ${request.networkName} (AS${request.asn}) — ${request.state}`,
    `  contact:   ${request.contactEmail}${request.website ? `  ${request.website}` : ""}`,
    `  POP:       ${request.locationName} (${request.locationCode}), ${TUNNEL_TYPE_LABELS[request.tunnelType]}, endpoint ${request.remoteEndpoint ?? "-"}`,
    `  IPv4:      ${request.wantsIpv4 ? "wanted" : "not wanted"}   AS-SET: ${request.asSet ?? "-"}`,
    `  submitted: ${day(request.createdAt)}   verified: ${day(request.verifiedAt)}   reviewed: ${day(request.reviewedAt)}${request.reviewerEmail ? ` by ${request.reviewerEmail}` : ""}`,
  ];
  lines.push(`  proof:     ${PROOF_LABELS[proofLevel(request)]}${request.asnProofDetail ? ` — ${request.asnProofDetail}` : ""}`);
  if (request.proofOverrideReason) lines.push(`  approved without proof because: ${request.proofOverrideReason}`);
  if (request.rejectReason) lines.push(`  rejected because: ${request.rejectReason}`);
  if (request.comments) lines.push(`  comments:  ${request.comments.replace(/\n/g, "\n             ")}`);
  lines.push("", "Checks:");
  for (const check of request.checks.results) lines.push(`  [${check.outcome.replace("_", " ")}] ${check.label}: ${check.detail}`);
  lines.push("", "Matches:");
  for (const match of request.matches) lines.push(`  ${match.kind} #${match.id} ${match.label} (${match.state}) — same ${match.by.join(", ")}`);
  if (request.matches.length === 0) lines.push("  none");
  return lines.join("\n");
}

export function registerRequestCommands(program: Command): void {
  const request = program.command("request").description("peering requests: review queue, approve, reject");

  request
    .command("list")
    .description("open requests, confirmed ones first, grouped by ASN")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      const queue = await requestQueue(getDb());
      if (options.json) return printJson(queue);
      if (queue.length === 0) return console.log("no open requests");
      for (const group of queue) {
        const duplicates = group.requests.length > 1 ? `  (${group.requests.length} requests for this ASN)` : "";
        console.log(`AS${group.asn}${duplicates}${group.matches.length ? `  matches: ${group.matches.map((m) => `${m.kind} #${m.id}`).join(", ")}` : ""}`);
        for (const r of group.requests) {
          const flagged = ((r.checks as { results?: { outcome: string }[] } | null)?.results ?? []).filter((c) => c.outcome === "fail" || c.outcome === "warn").length;
          console.log(
            `  #${String(r.id).padEnd(5)} ${(r.state === "pending" ? "pending review" : "unverified").padEnd(15)} ${r.networkName}  <${r.contactEmail}>  ${r.locationCode} ${r.tunnelType}  ${day(r.createdAt)}${flagged ? `  ${flagged} check(s) to look at` : ""}`,
          );
        }
      }
    });

  request
    .command("show <id>")
    .description("one request with the portal's checks and matching members/requests")
    .option("--json", "machine-readable output")
    .action(async (id: string, options: { json?: boolean }) => {
      const detail = await requestDetail(getDb(), requestId.parse(id));
      if (!detail) throw new CliError(`there is no request #${id}`);
      if (options.json) printJson(detail);
      else console.log(formatRequest(detail));
    });

  request
    .command("approve <id>")
    .description("approve a confirmed request: allocate IPs and tunnel id, create the member, email them")
    .option("--override <reason>", "approve without proof of ASN holdership; the reason goes to the audit log")
    .action(async (id: string, options: { override?: string }) => {
      const overrideReason = approveRequestSchema.shape.overrideReason.parse(options.override);
      const result = await approveRequest(getDb(), requestId.parse(id), systemReviewer(CLI_ACTOR), { overrideReason });
      const addresses = [result.ipv4, result.ipv6].filter(Boolean).join(", ");
      console.log(`approved request #${result.requestId}: client #${result.clientId}, connection #${result.connectionId} (tunnel id ${result.tunnelId ?? "-"}), ${addresses}`);
    });

  request
    .command("reject <id>")
    .description("reject a request; the reason is emailed to the requester")
    .requiredOption("--reason <text>", "why, in words the requester will read")
    .action(async (id: string, options: { reason: string }) => {
      await rejectRequest(getDb(), { requestId: requestId.parse(id), reason: options.reason }, systemReviewer(CLI_ACTOR));
      console.log(`rejected request #${id}; the requester has been emailed`);
    });
}
