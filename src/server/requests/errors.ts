import { DomainError } from "@/server/errors";

/** Input that passed the schema but breaks a rule only the database knows; reported next to the fields. */
export class RequestFieldError extends DomainError {
  constructor(public readonly fieldErrors: Record<string, string[]>) {
    super(Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join("; ")}`).join("; "));
  }
}

export class RateLimitError extends DomainError {}
