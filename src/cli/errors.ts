import { ZodError } from "zod";
import { isUnreachableCode } from "@/server/db/unavailable";
import { EnvError } from "@/server/env";
import { DomainError } from "@/server/errors";

/** Raised for problems the operator can fix; printed as one line without a stack. */
export class CliError extends DomainError {}

interface SystemError {
  code?: string;
  address?: string;
  port?: number;
  sqlMessage?: string;
}

/** One line saying what went wrong, for any error the CLI may meet. */
export function describeError(error: unknown): string {
  if (error instanceof DomainError || error instanceof EnvError) return error.message;
  if (error instanceof ZodError) {
    return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
  }
  const system = (error ?? {}) as SystemError;
  if (isUnreachableCode(system.code)) {
    return `cannot reach the database at ${system.address ?? "?"}:${system.port ?? "?"} (${system.code}); check DATABASE_URL`;
  }
  if (system.code === "ER_ACCESS_DENIED_ERROR") return `the database refused the login: ${system.sqlMessage ?? ""}`.trim();
  if (system.code === "ER_BAD_DB_ERROR") return `${system.sqlMessage ?? "unknown database"}; run \`ixp db migrate\` first`;
  if (system.code === "ER_NO_SUCH_TABLE") return `${system.sqlMessage ?? "missing table"}; run \`ixp db migrate\` first`;
  const cause = (error as { cause?: unknown })?.cause;
  if (cause && cause !== error) return describeError(cause);
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
