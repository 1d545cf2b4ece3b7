import type { Command } from 'commander';
import { formatGitContext } from '../../git-context.js';
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

export function graphHistoryCommand(ctx: CommandContext): Command {
  return registryCommand('history', 'list the supergraph versions of a graph variant, newest first')
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .action(async (refText: string, flags: RegistryFlags & JsonFlag) => {
      const ref = parseRef(refText);
      const versions = await ctx.createClient(flags).history(ref);
      report(ctx, flags, { versions }, () =>
        versions.length === 0
          ? `No supergraph versions in ${formatGraphRef(ref)} yet.\n`
          : formatTable(
              ['VERSION', 'HASH', 'CREATED', 'BY', 'CHANGE', 'GIT'],
              versions.map((v) => [
                String(v.version),
                v.hash.slice(0, 12),
                v.createdAt,
                v.publishedBy,
                `${v.change.action} ${v.change.subgraphs?.join(',') ?? v.change.subgraph}`,
                formatGitContext(v.git) ?? '',
              ]),
            ),
      );
    });
}
