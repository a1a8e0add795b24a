import type { MetricsCollector } from "../collector";
import { jobsCollector } from "./jobs";
import { lanHygieneCollector } from "./lan-hygiene";
import { membersCollector } from "./members";
import { meshCollector } from "./mesh";
import { outboxCollector } from "./outbox";
import { requestsCollector } from "./requests";
import { routeServersCollector } from "./route-servers";

/** Every domain's metrics: a new domain adds its file in this folder and one line here, kept sorted. */
export const COLLECTORS: readonly MetricsCollector[] = [
  jobsCollector,
  lanHygieneCollector,
  membersCollector,
  meshCollector,
  outboxCollector,
  requestsCollector,
  routeServersCollector,
];
