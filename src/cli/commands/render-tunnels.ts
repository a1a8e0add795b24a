import path from "node:path";
import type { Command } from "commander";
import { renderCommand } from "./render";
import { renderTunnels, writeRenderedFiles } from "@/server/tunnels/service";
import { getDb } from "../context";

export function registerRenderTunnelsCommand(program: Command): void {
  const render = renderCommand(program);
  render
    .command("tunnels <location>")
    .description("one POP's tunnel-server desired state and daemon files (OpenVPN, EoIP)")
    .requiredOption("--out <dir>", "directory to write into (its openvpn/ and eoip/ are replaced)")
    .action(async (location: string, options: { out: string }) => {
      const files = await renderTunnels(getDb(), location);
      await writeRenderedFiles(options.out, files);
      console.log(`wrote ${files.length} files for ${location} to ${path.resolve(options.out)}`);
    });
}
