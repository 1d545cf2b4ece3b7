import type { Command } from 'commander';
import { formatGraphRef } from '../../client/index.js';
import type { CommandContext } from '../../command-context.js';
import { formatTable } from '../../../lib/text-table.js';
import { clientName, indent } from './usage-text.js';
import { usageReportCommand } from './usage-report-command.js';

export function usageDenialsCommand(ctx: CommandContext): Command {
  return usageReportCommand(ctx, {
    name: 'denials',
    description:
      'field authorization denials per coordinate and client: who keeps asking for what they may not see',
    fetch: (client, ref, period) => client.usageDenials(ref, period),
    render(usage, ref) {
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
    },
  });
}
