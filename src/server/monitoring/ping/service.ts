import type { ContinuousService } from "@/server/jobs/types";
import { PingMonitor, pingMonitorConfig, whyPingMonitorIsIdle } from "./monitor";

export const pingMonitorService: ContinuousService = {
  name: "ping-monitor",
  description: "Pings every member IP once a second with long-lived fping processes; stores state changes and per-minute rollups",
  idleReason: () => whyPingMonitorIsIdle(),
  async start(db, log) {
    const monitor = new PingMonitor(db, pingMonitorConfig(), "worker:ping-monitor", log);
    await monitor.start();
    return { status: () => monitor.status(), stop: () => monitor.stop() };
  },
};
