import type { Command } from "commander";
import { env } from "@/server/env";
import { ensureDatabase, runMigrations } from "@/server/db/migrate";
import { demoSeedOptionsSchema, hasMembers, seedDemo } from "@/server/seed/demo";
import { CliError } from "../errors";
import { getDb } from "../context";

export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("database schema and data");

  db.command("migrate")
    .description("create the database if needed and apply pending migrations (safe to repeat)")
    .action(async () => {
      const name = await ensureDatabase(env().DATABASE_URL);
      const { applied, current } = await runMigrations(getDb());
      if (applied.length === 0) console.log(`database ${name} is up to date (${current ?? "no migrations"})`);
      else console.log([`database ${name}: applied ${applied.length} migration(s)`, ...applied.map((tag) => `  ${tag}`)].join("\n"));
    });

  db.command("seed")
    .description("load data into the database")
    .option("--demo", "a realistic synthetic IX (POPs, LAN, route servers, members)")
    .option("--members <n>", "how many demo members", "25")
    .option("--seed <n>", "random seed: the same seed gives the same IX", "1")
    .option("--if-empty", "only when the database has no members yet")
    .action(async (options: { demo?: boolean; members: string; seed: string; ifEmpty?: boolean }) => {
      if (!options.demo) throw new CliError("say what to seed: --demo");
      const parsed = demoSeedOptionsSchema.parse(options);
      if (options.ifEmpty && (await hasMembers(getDb()))) {
        console.log("the database already has members: demo seed skipped");
        return;
      }
      const result = await seedDemo(getDb(), parsed);
      console.log(
        `demo IX: ${result.membersCreated} members created (${result.ipsCreated} IPs, ${result.connectionsCreated} connections), ${result.membersSkipped} already present`,
      );
    });
}
