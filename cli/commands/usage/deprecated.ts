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
import { clientRows, indent, PERIOD_OPTION } from './usage-text.js';

export function usageDeprecatedCommand(ctx: CommandContext): Command {
  return registryCommand(
    'deprecated',
    'every @deprecated field, argument, input field and enum value: usage by client and a verdict (safe to remove / in use by …)',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option(...PERIOD_OPTION)
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & { period?: string }) => {
      const ref = parseRef(refText);
      const usage = await ctx.createClient(flags).usageDeprecated(ref, flags.period);
      report(ctx, flags, usage, () => {
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
      });
    });
}
