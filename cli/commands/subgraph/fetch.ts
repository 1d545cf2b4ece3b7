import type { Command } from 'commander';
import {
  registryCommand,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { emitSdl, outputOption, type OutputFlag } from '../../fetch-output.js';
import { parseRef } from '../../parse-ref.js';

export function fetchSubgraphCommand(ctx: CommandContext): Command {
  return registryCommand('fetch', "print one subgraph's current SDL, byte for byte as published")
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--name <name>', 'subgraph name')
    .addOption(outputOption('subgraph SDL'))
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & OutputFlag & { name: string }) => {
      const subgraph = await ctx.createClient(flags).fetchSubgraph(parseRef(refText), flags.name);
      await emitSdl(ctx, flags, subgraph.sdl, `subgraph ${subgraph.name}`, { subgraph });
    });
}
