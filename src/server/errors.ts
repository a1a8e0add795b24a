/**
 * An error whose message is meant for the person who caused it (bad input, missing data, a rule of the IX).
 * CLI, API and forms show its message as is; anything else is reported as an internal error.
 */
export class DomainError extends Error {
  override name = "DomainError";
}

/** Bad input found after the schema (e.g. a rule that needs the database), reported next to the form fields. */
export class FieldError extends DomainError {
  constructor(public readonly fieldErrors: Record<string, string[]>) {
    super(Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join("; ")}`).join("; "));
  }
}

/** The thing asked for does not exist, or the caller may not know that it does. */
export class NotFoundError extends DomainError {
  override name = "NotFoundError";
}

/** The change would clash with existing data (a taken code, an address in use). */
export class ConflictError extends DomainError {
  override name = "ConflictError";
}

/** The database cannot be reached: nothing is wrong with the request, try again shortly (HTTP 503). */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  constructor() {
    super("The portal is temporarily unavailable. Please try again in a minute.");
  }
}
