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

export function listChecksCommand(ctx: CommandContext): Command {
  return registryCommand('list', 'list the stored schema checks of a graph variant, newest first')
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option('--limit <n>', 'how many (default 50)')
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & { limit?: string }) => {
      const ref = parseRef(refText);
      const limit = flags.limit === undefined ? undefined : Number(flags.limit);
      const checks = await ctx.createClient(flags).listChecks(ref, limit);
      report(ctx, flags, { checks }, () =>
        checks.length === 0
          ? `No checks in ${formatGraphRef(ref)} yet.\n`
          : formatTable(
              ['ID', 'CREATED', 'BY', 'SUBGRAPH', 'ACTION', 'RESULT', 'BREAKING', 'APPROVED', 'GIT'],
              checks.map((c) => [
                c.id,
                c.createdAt,
                c.createdBy,
                c.subgraph,
                c.origin === 'check' ? `check ${c.action}` : c.action,
                c.passed ? 'passed' : c.compositionErrors > 0 ? 'composition failed' : 'failed',
                String(c.counts.breaking),
                c.approval ? `by ${c.approval.approvedBy}${c.approval.expired ? ' (expired)' : ''}` : '',
                formatGitContext(c.git) ?? '',
              ]),
            ),
      );
    });
}
