import type { Command } from "commander";
import { eq } from "drizzle-orm";
import { ips } from "@/server/db/schema";
import { removeDemoNamespace, syncDemoNamespace } from "@/server/monitoring/ping/demo-namespace";
import { getDb } from "../context";

export function registerMonitorCommands(program: Command): void {
  const monitor = program.command("monitor").description("the ping monitor");

  monitor
    .command("demo-namespace")
    .description("create (idempotently) a network namespace whose lo carries the addresses of the IPs marked pingable, for the demo's PING_NETNS")
    .option("--name <name>", "namespace name", "ixpdemo")
    .option("--remove", "delete the namespace instead")
    .action(async (options: { name: string; remove?: boolean }) => {
      if (options.remove) {
        console.log(removeDemoNamespace(options.name) ? `removed namespace ${options.name}` : `namespace ${options.name} did not exist`);
        return;
      }
      const rows = await getDb().select({ address: ips.address }).from(ips).where(eq(ips.pingable, true));
      const { added, removed } = syncDemoNamespace(options.name, rows.map((row) => row.address));
      console.log(`namespace ${options.name}: ${rows.length} pingable addresses on lo (${added} added, ${removed} removed); set PING_NETNS=${options.name}`);
    });
}
