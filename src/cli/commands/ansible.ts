import type { Command } from "commander";
import { loadInventory } from "@/server/ansible/inventory";
import { CliError } from "../errors";
import { getDb, printJson } from "../context";

export function registerAnsibleCommands(program: Command): void {
  const ansible = program.command("ansible").description("Ansible integration");
  ansible
    .command("inventory")
    .description("dynamic inventory of tunnel servers and route servers (Ansible's --list / --host protocol)")
    .option("--list", "all groups and host variables")
    .option("--host <name>", "variables of one host")
    .action(async (options: { list?: boolean; host?: string }) => {
      if (!options.list && !options.host) throw new CliError("pass --list or --host <name>");
      const inventory = await loadInventory(getDb());
      if (options.host) {
        const vars = inventory._meta.hostvars[options.host];
        if (!vars) throw new CliError(`no host ${options.host} in the inventory`);
        printJson(vars);
      } else printJson(inventory);
    });
}
