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
import { CliError } from '../../cli-error.js';
import { parseRef } from '../../parse-ref.js';
import { formatTable } from '../../../lib/text-table.js';

export function listChecksCommand(ctx: CommandContext): Command {
  return registryCommand('list', 'list the stored schema checks of a graph variant, newest first')
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option('--limit <n>', 'how many, newest first (1 to 9999, default 50)')
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & { limit?: string }) => {
      const ref = parseRef(refText);
      const limit = flags.limit === undefined ? undefined : Number(flags.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 9999))
        throw CliError.usage(`--limit ${flags.limit}: expected a whole number from 1 to 9999`);
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
