import type { Command } from 'commander';

/**
 * The command group `name` (e.g. `export`, `tender`), created on first use.
 * Several modules add subcommands to the same group (`export ocds`,
 * `export oc4ids`); commander would otherwise register two `export`
 * commands and only the first would ever run.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
