/**
 * `npm run worker`. Bad configuration (an env variable, JOB_SCHEDULES) stops the worker with one line
 * before anything runs; then the worker proper starts (./run.ts).
 */
import { EnvError, parseEnv } from "@/server/env";
import { scheduledJobs } from "./jobs";

try {
  parseEnv(process.env);
  scheduledJobs();
} catch (error) {
  const problems = error instanceof EnvError ? error.problems.map((problem) => `invalid configuration: ${problem}`) : [(error as Error).message];
  process.stderr.write(problems.map((problem) => `worker: ${problem}\n`).join(""));
  process.exit(1);
}
await import("./run");
