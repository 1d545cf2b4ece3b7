import type { Command } from 'commander';
import { formatGraphRef } from '../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { formatCompositionErrors } from '../../composition-errors.js';
import { ExitCode } from '../../exit-codes.js';
import { outputStyle } from '../../output-style.js';
import {
  forceFlags,
  forceOption,
  formatBypass,
  reasonOption,
  reportGateRefusal,
  type ForceFlags,
} from '../../gate-output.js';
import { parseRef } from '../../parse-ref.js';
import { gitOptions, provenanceOf, type GitFlags } from '../../git-context.js';

interface Flags extends RegistryFlags, JsonFlag, ForceFlags, GitFlags {
  readonly name: string;
}

/**
 * `atrium subgraph delete`: the registry runs the `subgraph check --delete` check and refuses the delete when it
 * fails (exit 1, like a blocked publish) unless it was approved or is forced; composition failures exit 1 too.
 */
export function deleteSubgraphCommand(ctx: CommandContext): Command {
  const command = registryCommand(
    'delete',
    'delete a subgraph; refused if the rest does not compose or the check fails (breaking changes)',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--name <name>', 'subgraph name')
    .addOption(forceOption('delete'))
    .addOption(reasonOption());
  return gitOptions(command).action(async (refText: string, flags: Flags) => {
    const ref = parseRef(refText);
    const outcome = await ctx.createClient(flags).deleteSubgraph(ref, flags.name, {
      ...forceFlags(flags),
      ...provenanceOf(flags, ctx.io.env),
    });
    switch (outcome.status) {
      case 'blocked':
        reportGateRefusal(ctx, flags, outcome, 'delete');
        return;
      case 'rejected':
        ctx.exitCode = ExitCode.REJECTED;
        if (flags.json) report(ctx, flags, outcome, () => '');
        else
          ctx.io.stderr(
            `Cannot delete ${flags.name}: the remaining subgraphs do not compose.\n${formatCompositionErrors(outcome.errors, outputStyle(ctx.io, 'stderr'))}`,
          );
        return;
      case 'deleted':
        report(
          ctx,
          flags,
          outcome,
          () =>
            (outcome.version
              ? `Deleted subgraph ${flags.name} from ${formatGraphRef(ref)}: supergraph version ${outcome.version.version}.\n`
              : `Deleted subgraph ${flags.name} from ${formatGraphRef(ref)}: no subgraphs left, so no supergraph.\n`) +
            formatBypass(outcome.bypass, flags),
        );
        return;
    }
  });
}
