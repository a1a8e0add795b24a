import type { Command } from "commander";
import { ipIdByAddress, reenabledMessage, reenableIp } from "@/server/monitoring/reenable";
import { CLI_ACTOR, getDb } from "../context";

export function registerIpCommands(program: Command): void {
  const ip = program.command("ip").description("member IP addresses on the peering LAN");

  ip.command("reenable")
    .description("provision a deprovisioned address again, with the other deprovisioned addresses of its connection (the member's other family)")
    .argument("<address>", "the member's peering-LAN address, IPv4 or IPv6")
    .option("--only-this-address", "leave the connection's other addresses as they are")
    .option("--monitor-off", "keep monitoring off until the address is seen up (no fresh warning meanwhile)")
    .action(async (address: string, options: { onlyThisAddress?: boolean; monitorOff?: boolean }) => {
      const ipId = await ipIdByAddress(getDb(), address);
      const result = await reenableIp(getDb(), CLI_ACTOR, { ipId, onlyThisAddress: Boolean(options.onlyThisAddress), monitorOff: Boolean(options.monitorOff) });
      console.log(reenabledMessage(result));
    });
}
