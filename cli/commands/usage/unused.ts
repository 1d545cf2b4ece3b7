import type { Command } from 'commander';
import { formatGraphRef } from '../../client/index.js';
import type { CommandContext } from '../../command-context.js';
import { usageReportCommand } from './usage-report-command.js';

export function usageUnusedCommand(ctx: CommandContext): Command {
  return usageReportCommand(ctx, {
    name: 'unused',
    description: 'the schema coordinates of the current supergraph that nobody used',
    fetch: (client, ref, period) => client.usageUnused(ref, period),
    render(usage, ref) {
      const title = `${usage.total} coordinate(s) of ${formatGraphRef(ref)} (supergraph version ${usage.supergraphVersion}) unused in the last ${usage.period}`;
      return usage.total === 0
        ? `${title}.\n`
        : `${title}:\n${usage.unused.map((coordinate) => `  ${coordinate}\n`).join('')}`;
    },
  });
}
