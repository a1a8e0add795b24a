import type { Command } from "commander";
import { env } from "@/server/env";
import { ensureDatabase, runMigrations } from "@/server/db/migrate";
import { createBackup, restoreBackup } from "@/server/backup/service";
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

  db.command("backup")
    .description("write the database (one consistent snapshot) and SECRETS_DIR into one archive with a manifest and checksums")
    .requiredOption("--out <file>", "archive to write (e.g. ixp-backup.tar.gz); it holds private keys, keep it safe")
    .action(async (options: { out: string }) => {
      const manifest = await createBackup(getDb(), { databaseUrl: env().DATABASE_URL, secretsDir: env().SECRETS_DIR, out: options.out });
      const rows = Object.values(manifest.rowCounts).reduce((sum, n) => sum + n, 0);
      const secrets = manifest.files.filter((file) => file.path.startsWith("secrets/")).length;
      console.log(`wrote ${options.out}: ${Object.keys(manifest.rowCounts).length} tables, ${rows} rows (migration ${manifest.migration ?? "none"}), ${secrets} secret files`);
    });

  db.command("restore <file>")
    .description("restore an archive from `ixp db backup` into the (empty) database of DATABASE_URL and SECRETS_DIR; stop web and worker first")
    .option("--force", "replace a database that has tables and a secrets directory that has files")
    .action(async (file: string, options: { force?: boolean }) => {
      const result = await restoreBackup(getDb(), { databaseUrl: env().DATABASE_URL, secretsDir: env().SECRETS_DIR, archive: file, force: options.force });
      console.log(
        `restored ${file} (made ${result.manifest.createdAt} from ${result.manifest.database}): ${result.rows} rows checked, ${result.secretFiles} secret files; run \`ixp db migrate\` if this portal is newer than ${result.manifest.migration ?? "the backup"}`,
      );
    });
}
