/**
 * `npm run worker`. Bad configuration (an env variable, JOB_SCHEDULES) stops the worker with one line
 * before anything runs; then the worker proper starts (./run.ts).
 */
import { parseEnv } from "@/server/env";
import { scheduledJobs } from "./jobs";

try {
  parseEnv(process.env);
  scheduledJobs();
} catch (error) {
  process.stderr.write(`worker: ${(error as Error).message}\n`);
  process.exit(1);
}
await import("./run");
