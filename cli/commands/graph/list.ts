import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { formatTable } from '../../../lib/text-table.js';

export function listGraphsCommand(ctx: CommandContext): Command {
  return registryCommand('list', 'list graphs and their variants').action(
    async (flags: RegistryFlags & JsonFlag) => {
      const graphs = await ctx.createClient(flags).listGraphs();
      report(ctx, flags, { graphs }, () =>
        graphs.length === 0
          ? 'No graphs yet: create one with `atrium graph create <name>`.\n'
          : formatTable(
              ['GRAPH', 'VARIANTS', 'CREATED'],
              graphs.map((g) => [g.name, g.variants.join(', '), g.createdAt]),
            ),
      );
    },
  );
}
