import type { Command } from "commander";
import { createApiToken, listApiTokens, revokeApiToken } from "@/server/api/tokens";
import { idSchema } from "@/shared/validation/form";
import { CLI_ACTOR, getDb } from "../context";

export function registerTokenCommands(program: Command): void {
  const token = program.command("token").description("API tokens for automation (they act with their user's role)");

  token
    .command("create <name>")
    .description("create a token for a user and print it once; only its hash is stored")
    .requiredOption("--user <email>", "the portal user the token acts as")
    .option("--expires-days <n>", "expire after this many days (default: never)")
    .action(async (name: string, options: { user: string; expiresDays?: string }) => {
      const created = await createApiToken(getDb(), CLI_ACTOR, { name, userEmail: options.user, expiresInDays: options.expiresDays as never });
      process.stderr.write(`token #${created.id} for ${options.user.trim().toLowerCase()}${created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : ""}; it is shown only now:\n`);
      console.log(created.token);
    });

  token
    .command("list")
    .description("tokens with their user, role and last use (never the token itself)")
    .action(async () => {
      for (const t of await listApiTokens(getDb())) {
        console.log(`#${t.id}  ${t.name}  ${t.email} (${t.role})  last used ${t.lastUsedAt?.toISOString() ?? "never"}  expires ${t.expiresAt?.toISOString() ?? "never"}`);
      }
    });

  token
    .command("revoke <id>")
    .description("delete a token; requests with it fail at once")
    .action(async (id: string) => {
      const tokenId = idSchema.parse(id);
      await revokeApiToken(getDb(), CLI_ACTOR, tokenId);
      console.log(`revoked token #${tokenId}`);
    });
}
