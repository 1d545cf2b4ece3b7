import type { Command } from 'commander';
import { formatGraphRef } from '../../client/index.js';
import type { CommandContext } from '../../command-context.js';
import { formatTable } from '../../../lib/text-table.js';
import { clientRows, indent } from './usage-text.js';
import { usageReportCommand } from './usage-report-command.js';

export function usageFieldCommand(ctx: CommandContext): Command {
  return usageReportCommand(ctx, {
    name: 'field',
    description:
      'who uses a schema coordinate: totals, per client and version with first/last seen, top operations',
    arguments: [['<coordinate>', 'Type.field, Type.field(argument:), Input.field or Enum.VALUE']],
    fetch: (client, ref, period, [coordinate]) => client.usageField(ref, coordinate as string, period),
    render(usage, ref) {
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
    },
  });
}
