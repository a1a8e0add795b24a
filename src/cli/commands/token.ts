import type { Command } from "commander";
import { createApiToken, listApiTokens, revokeApiToken } from "@/server/api/tokens";
import { AGENT_SCOPES, API_SCOPE_NAMES } from "@/shared/api-scopes";
import { idSchema } from "@/shared/validation/form";
import { CLI_ACTOR, getDb } from "../context";

export function registerTokenCommands(program: Command): void {
  const token = program.command("token").description("API tokens for automation (scoped, never beyond their user's role)");

  token
    .command("create <name>")
    .description("create a token for a user and print it once; only its hash is stored")
    .requiredOption("--user <email>", "the portal user the token acts as")
    .requiredOption("--scopes <list>", `what it may do, comma-separated: ${API_SCOPE_NAMES.join(", ")} (agents on tunnel servers: ${AGENT_SCOPES.join(",")})`)
    .option("--expires-days <n>", "expire after this many days (default: never)")
    .option("--allow-from <list>", "client addresses or prefixes it may be used from, comma-separated (default: anywhere)")
    .action(async (name: string, options: { user: string; scopes: string; expiresDays?: string; allowFrom?: string }) => {
      const created = await createApiToken(getDb(), CLI_ACTOR, {
        name,
        userEmail: options.user,
        scopes: options.scopes,
        expiresInDays: options.expiresDays,
        allowedAddresses: options.allowFrom,
      });
      const expires = created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : "";
      process.stderr.write(`token #${created.id} for ${options.user.trim().toLowerCase()} (${created.scopes.join(", ")})${expires}; it is shown only now:\n`);
      console.log(created.token);
    });

  token
    .command("list")
    .description("tokens with their user, role and last use (never the token itself)")
    .action(async () => {
      for (const t of await listApiTokens(getDb())) {
        const from = t.allowedAddresses.length ? `  from ${t.allowedAddresses.join(",")}` : "";
        console.log(`#${t.id}  ${t.name}  ${t.email} (${t.role})  scopes ${t.scopes.join(",")}${from}  last used ${t.lastUsedAt?.toISOString() ?? "never"}  expires ${t.expiresAt?.toISOString() ?? "never"}`);
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
