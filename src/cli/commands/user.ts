import type { Command } from "commander";
import { createLoginLink } from "@/server/auth/login-link";
import { env, requireSecret } from "@/server/env";
import { upsertUser } from "@/server/users/service";
import { CLI_ACTOR, getDb } from "../context";

export function registerUserCommands(program: Command): void {
  const user = program.command("user").description("portal users");

  user
    .command("add <email>")
    .description("create a user, or change an existing user's role")
    .requiredOption("--role <role>", "admin, volunteer or member")
    .option("--asn <asn>", "for members: an ASN of the member this user belongs to")
    .option("--name <name>", "display name")
    .action(async (email: string, options: { role: string; asn?: string; name?: string }) => {
      const { user: saved, created } = await upsertUser(
        getDb(),
        { email, role: options.role as never, name: options.name, clientAsn: options.asn as never },
        CLI_ACTOR,
      );
      console.log(`${created ? "created" : "updated"} ${saved.email} (${saved.role})`);
    });

  user
    .command("login-link <email>")
    .description("print a one-time sign-in link for an existing user (valid for one hour)")
    .option("--to <path>", "page on this site to land on after signing in (default: /portal for members, /admin for volunteers and admins)")
    .action(async (email: string, options: { to?: string }) => {
      const link = await createLoginLink(getDb(), {
        email,
        appUrl: env().APP_URL,
        secret: requireSecret("AUTH_SECRET"),
        callbackPath: options.to,
      });
      console.log(link);
    });
}
