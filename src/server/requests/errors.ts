import { DomainError, FieldError } from "@/server/errors";

/** A request that passed the schema but breaks a rule only the database knows (POP, tunnel type, our LAN). */
export class RequestFieldError extends FieldError {}

export class RateLimitError extends DomainError {}
