/**
 * `npm run worker`. Bad configuration (an env variable, JOB_SCHEDULES) stops the worker with one line
 * before anything runs; then the worker proper starts (./run.ts).
 */
import { exitOnBadConfiguration, parseEnv } from "@/server/env";
import { scheduledJobs } from "./jobs";

exitOnBadConfiguration("worker", () => {
  parseEnv(process.env);
  scheduledJobs();
});
await import("./run");
