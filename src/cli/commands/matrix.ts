import type { Command } from "commander";
import { describeCell, loadMeshMatrix } from "@/server/matrix/mesh-matrix";
import { describeReach, describeSession, loadMemberMatrix, SAMPLED_PAIRS } from "@/server/matrix/member-matrix";
import { idSchema } from "@/shared/validation/form";
import { CliError } from "../errors";
import { getDb, printJson } from "../context";

export function registerMatrixCommands(program: Command): void {
  const matrix = program.command("matrix").description("the connectivity matrix: what reaches what over the LAN");

  matrix
    .command("show")
    .description("the latest state, one line per link, session or member pair")
    .option("--pops", "POP to POP over the mesh (the default)")
    .option("--members", "members to the route servers, and member pairs")
    .option("--client <id>", "with --members: one member's row, to every other member")
    .option("--pairs <n>", `with --members: how many random member pairs to sample (default ${SAMPLED_PAIRS})`)
    .option("--json", "print JSON")
    .action(async (options: { pops?: boolean; members?: boolean; client?: string; pairs?: string; json?: boolean }) => {
      if (options.pops && options.members) throw new CliError("choose --pops or --members, not both");
      if (options.members) return showMembers(options);
      if (options.client || options.pairs) throw new CliError("--client and --pairs go with --members");
      const { pops, rows } = await loadMeshMatrix(getDb());
      const cells = rows.flat().filter((cell) => cell !== null && cell.health !== "no-link");
      if (options.json) return printJson({ pops, links: cells });
      if (cells.length === 0) return console.log("No mesh links: the mesh needs at least two active POPs.");
      const width = Math.max(...pops.map((pop) => pop.code.length));
      for (const cell of cells) console.log(`${cell!.from.padEnd(width)} -> ${cell!.to.padEnd(width)}  ${describeCell(cell!)}`);
    });
}

async function showMembers(options: { client?: string; pairs?: string; json?: boolean }): Promise<void> {
  const clientId = options.client === undefined ? undefined : idSchema.safeParse(options.client).data;
  if (options.client !== undefined && clientId === undefined) throw new CliError("--client must be a member id (a positive whole number)");
  const pairs = options.pairs === undefined ? undefined : Number(options.pairs);
  if (pairs !== undefined && !(Number.isInteger(pairs) && pairs >= 0 && pairs <= 10_000)) throw new CliError("--pairs must be a whole number from 0 to 10000");
  const result = await loadMemberMatrix(getDb(), { clientId, pairs });
  if (options.json) return printJson(result);
  if (clientId !== undefined && result.members.length === 0) throw new CliError(`member ${clientId} has no provisioned addresses on the LAN`);
  const label = (end: { address: string; asn: number }) => `AS${end.asn} ${end.address}`;
  console.log("Route-server sessions:");
  for (const member of result.members) {
    for (const rs of result.routeServers) console.log(`  ${label(member)} -> ${rs.name}  ${describeSession(member.sessions[rs.id])}`);
  }
  console.log(clientId === undefined ? `Member pairs (${result.pairs.length} sampled):` : "Members this one reaches over the LAN:");
  for (const pair of result.pairs) console.log(`  ${label(pair.from)} -> ${label(pair.to)}  ${describeReach(pair.reach)}`);
}
