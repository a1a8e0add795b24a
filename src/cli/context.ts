import { closeDb, getDb } from "@/server/db/client";

/** Who the CLI acts as in the audit log. */
export const CLI_ACTOR = `cli:${process.env.SUDO_USER || process.env.USER || "unknown"}`;

export { getDb, closeDb };

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
