import type { Command } from 'commander';
import { formatGraphRef } from '../../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { formatCompositionErrors } from '../../composition-errors.js';
import { ExitCode } from '../../exit-codes.js';
import { parseRef } from '../../parse-ref.js';

export function deleteSubgraphCommand(ctx: CommandContext): Command {
  return registryCommand('delete', 'delete a subgraph; refused if the remaining subgraphs do not compose')
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--name <name>', 'subgraph name')
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & { name: string }) => {
      const ref = parseRef(refText);
      const outcome = await ctx.createClient(flags).deleteSubgraph(ref, flags.name);
      if (outcome.status === 'rejected') {
        ctx.exitCode = ExitCode.REJECTED;
        if (flags.json) report(ctx, flags, outcome, () => '');
        else
          ctx.io.stderr(
            `Cannot delete ${flags.name}: the remaining subgraphs do not compose.\n${formatCompositionErrors(outcome.errors)}`,
          );
        return;
      }
      report(ctx, flags, outcome, () =>
        outcome.version
          ? `Deleted subgraph ${flags.name} from ${formatGraphRef(ref)}: supergraph version ${outcome.version.version}.\n`
          : `Deleted subgraph ${flags.name} from ${formatGraphRef(ref)}: no subgraphs left, so no supergraph.\n`,
      );
    });
}
