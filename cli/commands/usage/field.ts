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
import { clientRows, indent, PERIOD_OPTION } from './usage-text.js';

export function usageFieldCommand(ctx: CommandContext): Command {
  return registryCommand(
    'field',
    'who uses a schema coordinate: totals, per client and version with first/last seen, top operations',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .argument('<coordinate>', 'Type.field, Type.field(argument:), Input.field or Enum.VALUE')
    .option(...PERIOD_OPTION)
    .action(
      async (refText: string, coordinate: string, flags: RegistryFlags & JsonFlag & { period?: string }) => {
        const ref = parseRef(refText);
        const usage = await ctx.createClient(flags).usageField(ref, coordinate, flags.period);
        report(ctx, flags, usage, () => {
          const title = `${usage.coordinate} in ${formatGraphRef(ref)}, last ${usage.period}: ${usage.total} request(s)\n`;
          if (usage.total === 0) return `${title}  no client used it in the period\n`;
          const operations = usage.topOperations.map((operation) => [
            operation.name ?? '(anonymous)',
            operation.type,
            String(operation.count),
            operation.hash.slice(0, 12),
          ]);
          return (
            `${title}${indent(clientRows(usage.clients))}` +
            (operations.length === 0
              ? ''
              : `\nTop operations:\n${indent(formatTable(['OPERATION', 'TYPE', 'REQUESTS', 'HASH'], operations))}`)
          );
        });
      },
    );
}
