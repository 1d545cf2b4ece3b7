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
import { clientName, indent, PERIOD_OPTION } from './usage-text.js';

export function usageDenialsCommand(ctx: CommandContext): Command {
  return registryCommand(
    'denials',
    'field authorization denials per coordinate and client: who keeps asking for what they may not see',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option(...PERIOD_OPTION)
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & { period?: string }) => {
      const ref = parseRef(refText);
      const usage = await ctx.createClient(flags).usageDenials(ref, flags.period);
      report(ctx, flags, usage, () => {
        const title = `Authorization denials in ${formatGraphRef(ref)}, last ${usage.period}`;
        if (usage.denials.length === 0) return `${title}: none.\n`;
        const rows = usage.denials.map((row) => [
          row.coordinate,
          clientName(row.client),
          row.version || '-',
          String(row.count),
          row.lastDenied,
        ]);
        return `${title}:\n${indent(formatTable(['COORDINATE', 'CLIENT', 'VERSION', 'DENIED', 'LAST DENIED'], rows))}`;
      });
    });
}
