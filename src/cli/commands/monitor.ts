import type { Command } from "commander";
import { eq } from "drizzle-orm";
import { ips } from "@/server/db/schema";
import { removeDemoNamespace, syncDemoNamespace } from "@/server/monitoring/ping/demo-namespace";
import { demoNameOf } from "@/server/seed/demo-names";
import { getDb } from "../context";

export function registerMonitorCommands(program: Command): void {
  const monitor = program.command("monitor").description("the ping monitor");

  monitor
    .command("demo-namespace")
    .description("create (idempotently) a network namespace whose lo carries the addresses of the IPs marked pingable, for the demo's PING_NETNS")
    .option("--name <name>", "namespace name (default: the demo name derived from the database, e.g. ixpdemo-ixp)")
    .option("--remove", "delete the namespace instead")
    .option("--print-name", "only print the demo name derived from the database (for scripts)")
    .action(async (options: { name?: string; remove?: boolean; printName?: boolean }) => {
      const derived = await demoNameOf(getDb());
      if (options.printName) {
        console.log(derived);
        return;
      }
      const name = options.name ?? derived;
      if (options.remove) {
        console.log(removeDemoNamespace(name) ? `removed namespace ${name}` : `namespace ${name} did not exist`);
        return;
      }
      const rows = await getDb().select({ address: ips.address }).from(ips).where(eq(ips.pingable, true));
      const { added, removed } = syncDemoNamespace(name, rows.map((row) => row.address));
      console.log(`namespace ${name}: ${rows.length} pingable addresses on lo (${added} added, ${removed} removed); set PING_NETNS=${name}`);
    });
}
