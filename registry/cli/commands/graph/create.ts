import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';

export function createGraphCommand(ctx: CommandContext): Command {
  return registryCommand('create', 'create a graph (admin); variants are created by their first publish')
    .argument('<graph>', 'graph name, e.g. shop')
    .action(async (name: string, flags: RegistryFlags & JsonFlag) => {
      const graph = await ctx.createClient(flags).createGraph(name);
      report(ctx, flags, { graph }, () => `Created graph ${graph.name}.\n`);
    });
}
