import type { Command } from 'commander';
import { formatGraphRef } from '../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { parseRef } from '../../parse-ref.js';
import { formatTable } from '../../../lib/text-table.js';

export function listSubgraphsCommand(ctx: CommandContext): Command {
  return registryCommand('list', 'list the subgraphs of a graph variant with their owner team and contact')
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .action(async (refText: string, flags: RegistryFlags & JsonFlag) => {
      const ref = parseRef(refText);
      const subgraphs = await ctx.createClient(flags).listSubgraphs(ref);
      report(ctx, flags, { subgraphs }, () =>
        subgraphs.length === 0
          ? `No subgraphs in ${formatGraphRef(ref)}.\n`
          : formatTable(
              ['NAME', 'OWNER', 'CONTACT', 'ROUTING URL', 'UPDATED', 'BY'],
              subgraphs.map((s) => [
                s.name,
                s.ownerTeam ?? '-',
                s.ownerContact ?? '',
                s.routingUrl,
                s.updatedAt,
                s.publishedBy,
              ]),
            ),
      );
    });
}
