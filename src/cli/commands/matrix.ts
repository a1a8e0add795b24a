import type { Command } from "commander";
import { describeCell, loadMeshMatrix } from "@/server/matrix/mesh-matrix";
import { getDb, printJson } from "../context";

export function registerMatrixCommands(program: Command): void {
  const matrix = program.command("matrix").description("the connectivity matrix: what reaches what over the LAN");

  matrix
    .command("show")
    .description("the latest probes, one line per link")
    .option("--pops", "POP to POP over the mesh (the default)")
    .option("--json", "print JSON")
    .action(async (options: { pops?: boolean; json?: boolean }) => {
      const { pops, rows } = await loadMeshMatrix(getDb());
      const cells = rows.flat().filter((cell) => cell !== null && cell.health !== "no-link");
      if (options.json) return printJson({ pops, links: cells });
      if (cells.length === 0) return console.log("No mesh links: the mesh needs at least two active POPs.");
      const width = Math.max(...pops.map((pop) => pop.code.length));
      for (const cell of cells) console.log(`${cell!.from.padEnd(width)} -> ${cell!.to.padEnd(width)}  ${describeCell(cell!)}`);
    });
}
