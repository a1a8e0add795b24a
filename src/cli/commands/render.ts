import type { Command } from "commander";
import { registerRenderTunnelsCommand } from "./render-tunnels";

/**
 * The `render` group: each domain adds its own subcommand through a registration function here
 * (render tunnels; render routeserver is added the same way).
 */
export function registerRenderCommands(program: Command): void {
  const render = program.command("render").description("render generated configuration from the database into files");
  for (const register of [registerRenderTunnelsCommand]) register(render);
}
