import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { parseRef } from '../../parse-ref.js';

export function fetchSubgraphCommand(ctx: CommandContext): Command {
  return registryCommand('fetch', "print one subgraph's current SDL")
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--name <name>', 'subgraph name')
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & { name: string }) => {
      const subgraph = await ctx.createClient(flags).fetchSubgraph(parseRef(refText), flags.name);
      report(ctx, flags, { subgraph }, () =>
        subgraph.sdl.endsWith('\n') ? subgraph.sdl : `${subgraph.sdl}\n`,
      );
    });
}
