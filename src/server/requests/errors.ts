import { DomainError, FieldError } from "@/server/errors";

/** A request that passed the schema but breaks a rule only the database knows (POP, tunnel type, our LAN). */
export class RequestFieldError extends FieldError {}

export class RateLimitError extends DomainError {
  constructor(
    message: string,
    /** When the submitter may try again (the API's Retry-After). */
    public readonly retryAt: Date,
  ) {
    super(message);
  }
}
