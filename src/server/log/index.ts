import pino from "pino";
import { env } from "@/server/env";

/** Structured logs to stdout; redaction keeps secrets out even when a whole object is logged. */
export const logger = pino({
  level: env().LOG_LEVEL,
  redact: ["token", "*.token", "password", "*.password", "secret", "*.secret", "authorization", "*.authorization"],
});
