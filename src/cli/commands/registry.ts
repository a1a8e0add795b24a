import type { Command } from "commander";
import { markPublished, registryStatus } from "@/server/registry/service";
import { registryPublishSchema, type RegistryKind } from "@/shared/validation/registry";
import { CLI_ACTOR, getDb } from "../context";

export function registerRegistryCommands(program: Command): void {
  const registry = program.command("registry").description("the IX's own IRR objects: its AS-SET and the route servers' aut-num");

  for (const kind of ["as-set", "aut-num"] as const satisfies RegistryKind[]) {
    registry
      .command(kind)
      .description(`print the ${kind} object as it is now (RPSL, ready to submit to the IRR)`)
      .option("--diff", "print the difference from the last published version instead")
      .action(async (options: { diff?: boolean }) => {
        const status = (await registryStatus(getDb())).find((object) => object.kind === kind)!;
        if (!options.diff) {
          process.stdout.write(status.text);
        } else if (status.diff === null) {
          console.log(`the ${kind} object is unchanged since it was published (${status.published!.publishedAt.toISOString()})`);
        } else {
          process.stdout.write(status.diff);
          console.log(`\nto record this version as submitted: ixp registry publish ${kind} --sha256 ${status.sha256}`);
        }
      });
  }

  registry
    .command("publish")
    .description("record that you submitted the object to the IRR: later diffs start from this text")
    .argument("<kind>", "as-set or aut-num")
    .option("--sha256 <hash>", "record it only if the object is still this text (as `ixp registry <kind> --diff` prints it)")
    .action(async (kind: string, options: { sha256?: string }) => {
      const input = registryPublishSchema.parse({ kind, sha256: options.sha256 });
      const status = await markPublished(getDb(), input, CLI_ACTOR, new Date());
      console.log(`${status.kind} recorded as published (sha256 ${status.sha256})`);
    });
}
