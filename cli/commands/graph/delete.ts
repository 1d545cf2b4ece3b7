import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { confirmDestructive, type YesFlag } from '../../confirm.js';

interface Flags extends RegistryFlags, JsonFlag, YesFlag {
  readonly reason?: string;
}

/** `atrium graph delete <graph>`: admin; --yes, or typing the name on a terminal. */
export function deleteGraphCommand(ctx: CommandContext): Command {
  return registryCommand(
    'delete',
    'delete a graph with all its variants, subgraphs, versions, checks and client records (admin)',
  )
    .argument('<graph>', 'graph name')
    .option('--yes', 'do not ask: confirm the deletion (required without a terminal)')
    .option('--reason <text>', 'why, for the registry audit log')
    .action(async (graph: string, flags: Flags) => {
      await confirmDestructive(ctx, flags, graph, `Deleting graph ${graph} and everything in it`);
      const deleted = await ctx.createClient(flags).deleteGraph(graph, graph, flags.reason);
      report(
        ctx,
        flags,
        { graph: deleted },
        () =>
          `Deleted graph ${deleted.name}${
            deleted.variants.length > 0 ? ` (variants: ${deleted.variants.join(', ')})` : ''
          }. Hubs polling it now get 404 GRAPH_DELETED.\n`,
      );
    });
}
