import type { Command } from "commander";
import { createIxapiCredential, listIxapiCredentials, revokeIxapiCredential } from "@/server/ixapi/credentials";
import { idSchema } from "@/shared/validation/form";
import { CLI_ACTOR, getDb } from "../context";

export function registerIxapiCommands(program: Command): void {
  const ixapi = program.command("ixapi").description("IX-API v2 keys (docs/IX-API.md): a member's key sees its own account, a volunteer's every account");

  ixapi
    .command("create <name>")
    .description("create an api_key/api_secret pair for a user and print it once; only the secret's hash is stored")
    .requiredOption("--user <email>", "the portal user the key acts as")
    .action(async (name: string, options: { user: string }) => {
      const created = await createIxapiCredential(getDb(), CLI_ACTOR, { name, userEmail: options.user });
      process.stderr.write(`IX-API key #${created.id} for ${options.user.trim().toLowerCase()}; the secret is shown only now:\n`);
      console.log(`api_key=${created.apiKey}`);
      console.log(`api_secret=${created.apiSecret}`);
    });

  ixapi
    .command("list")
    .description("keys with their user, role and last use (never the secret)")
    .action(async () => {
      for (const key of await listIxapiCredentials(getDb())) {
        console.log(`#${key.id}  ${key.name}  api_key=${key.apiKey}  ${key.email} (${key.role})  last used ${key.lastUsedAt?.toISOString() ?? "never"}`);
      }
    });

  ixapi
    .command("revoke <id>")
    .description("delete a key; its sessions stop working at their next request")
    .action(async (id: string) => {
      const keyId = idSchema.parse(id);
      await revokeIxapiCredential(getDb(), CLI_ACTOR, keyId);
      console.log(`revoked IX-API key #${keyId}`);
    });
}
