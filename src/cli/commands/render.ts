import type { Command } from "commander";

/**
 * Verb groups that several domains extend (`ixp render routeserver`, `ixp render tunnels`, ...):
 * each domain's register function asks for the group and adds its own subcommand to it.
 */
function verbGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((command) => command.name() === name) ?? program.command(name).description(description);
}

export const renderCommand = (program: Command) => verbGroup(program, "render", "write generated configuration files");
export const deployCommand = (program: Command) => verbGroup(program, "deploy", "check generated configuration and apply it");
