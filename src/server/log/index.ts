import pino from "pino";
import { envSchema } from "@/server/env";

/**
 * Only LOG_LEVEL is read here, and a bad value falls back to "info": importing the logger must never
 * throw, so a bad DATABASE_URL is still reported by whoever reads the configuration (e.g. the CLI's one line).
 */
const level = envSchema.shape.LOG_LEVEL.catch("info").parse(process.env.LOG_LEVEL || undefined);

/** Structured logs to stdout; redaction keeps secrets out even when a whole object is logged. */
export const logger = pino({
  level,
  redact: ["token", "*.token", "password", "*.password", "secret", "*.secret", "authorization", "*.authorization"],
});
