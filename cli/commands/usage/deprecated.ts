import type { Command } from 'commander';
import { formatGraphRef } from '../../client/index.js';
import type { CommandContext } from '../../command-context.js';
import { clientRows, indent } from './usage-text.js';
import { usageReportCommand } from './usage-report-command.js';

export function usageDeprecatedCommand(ctx: CommandContext): Command {
  return usageReportCommand(ctx, {
    name: 'deprecated',
    description:
      'every @deprecated field, argument, input field and enum value: usage by client and a verdict (safe to remove / in use by …)',
    fetch: (client, ref, period) => client.usageDeprecated(ref, period),
    render(usage, ref) {
      const title = `Deprecated elements of ${formatGraphRef(ref)} (supergraph version ${usage.supergraphVersion}), usage in the last ${usage.period}:\n`;
      if (usage.elements.length === 0) return `${title}  nothing is @deprecated\n`;
      return (
        title +
        usage.elements
          .map((element) => {
            const since = element.sinceVersion === null ? '' : `, since version ${element.sinceVersion}`;
            const head = `\n${element.coordinate} (${element.kind}${since}): ${element.verdict.text}\n  reason: ${element.reason ?? '-'}\n`;
            const operations = element.activeOperations
              .map(
                (operation) =>
                  `  registered operation ${operation.name ?? '(anonymous)'} ${operation.id.slice(0, 12)}: ${operation.clients
                    .map((user) => `${user.client} ${user.version}`)
                    .join(', ')}\n`,
              )
              .join('');
            const clients = element.clients.length === 0 ? '' : indent(clientRows(element.clients));
            return `${head}${operations}${clients}`;
          })
          .join('')
      );
    },
  });
}
