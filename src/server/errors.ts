/**
 * An error whose message is meant for the person who caused it (bad input, missing data, a rule of the IX).
 * CLI, API and forms show its message as is; anything else is reported as an internal error.
 */
export class DomainError extends Error {
  override name = "DomainError";
}
