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
import { PERIOD_OPTION } from './usage-text.js';

export function usageUnusedCommand(ctx: CommandContext): Command {
  return registryCommand('unused', 'the schema coordinates of the current supergraph that nobody used')
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option(...PERIOD_OPTION)
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & { period?: string }) => {
      const ref = parseRef(refText);
      const usage = await ctx.createClient(flags).usageUnused(ref, flags.period);
      report(ctx, flags, usage, () => {
        const title = `${usage.total} coordinate(s) of ${formatGraphRef(ref)} (supergraph version ${usage.supergraphVersion}) unused in the last ${usage.period}`;
        return usage.total === 0
          ? `${title}.\n`
          : `${title}:\n${usage.unused.map((coordinate) => `  ${coordinate}\n`).join('')}`;
      });
    });
}
