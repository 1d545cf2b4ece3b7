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

export function graphAuditCommand(ctx: CommandContext): Command {
  return registryCommand(
    'audit',
    'the audit log of a graph variant (approvals, blocked and forced publishes…), newest first',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .action(async (refText: string, flags: RegistryFlags & JsonFlag) => {
      const ref = parseRef(refText);
      const entries = await ctx.createClient(flags).audit(ref);
      report(ctx, flags, { entries }, () =>
        entries.length === 0
          ? `No audit entries for ${formatGraphRef(ref)}.\n`
          : formatTable(
              ['WHEN', 'ACTION', 'ACTOR', 'SUBGRAPH', 'CHECK', 'REASON', 'GIT'],
              entries.map((e) => [
                e.createdAt,
                e.action,
                e.actor,
                e.subgraph ?? '',
                e.checkId ?? '',
                e.reason ?? '',
                formatGitContext(e.git) ?? '',
              ]),
            ),
      );
    });
}
