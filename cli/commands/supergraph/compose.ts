import { Command } from 'commander';
import type { CommandContext, JsonFlag } from '../../command-context.js';
import { formatCompositionErrors } from '../../composition-errors.js';
import { ExitCode } from '../../exit-codes.js';
import { emitSdl, outputOption, type OutputFlag } from '../../fetch-output.js';
import { outputStyle } from '../../output-style.js';
import { loadSubgraphSdl, readSupergraphConfig } from '../../supergraph-config.js';

interface Flags extends JsonFlag, OutputFlag {
  readonly config: string;
}

/**
 * `atrium supergraph compose --config supergraph.yaml`: composes locally (no registry) from schema files and/or
 * running subgraphs, with the registry's composition, and prints the supergraph SDL. Exit 1 when it does not
 * compose (errors on stderr, or `{ error: { code: "COMPOSITION_FAILED", message, errors } }` with --json).
 */
export function composeSupergraphCommand(ctx: CommandContext): Command {
  return new Command('compose')
    .description(
      "compose a supergraph locally from a supergraph.yaml (Rover's format: subgraphs with routing_url and schema.file, " +
        'schema.subgraph_url or schema.introspection_url) and print its SDL; exit 1 when it does not compose',
    )
    .requiredOption('--config <file>', 'supergraph.yaml (paths in it are relative to it)')
    .addOption(outputOption('supergraph SDL'))
    .option('--json', 'print { supergraphSdl, hash, subgraphs } as JSON')
    .action(async (flags: Flags) => {
      const subgraphs = await loadSubgraphSdl(await readSupergraphConfig(ctx.io.cwd, flags.config));
      const { composeSubgraphs } = await import('../../../registry/services/composition.js');
      const outcome = composeSubgraphs(subgraphs);
      if (!outcome.ok) {
        ctx.exitCode = ExitCode.REJECTED;
        if (flags.json) {
          const error = {
            code: 'COMPOSITION_FAILED',
            message: `composition failed with ${outcome.errors.length} error(s)`,
            errors: outcome.errors,
          };
          ctx.io.stdout(`${JSON.stringify({ error }, null, 2)}\n`);
        } else ctx.io.stderr(formatCompositionErrors(outcome.errors, outputStyle(ctx.io, 'stderr')));
        return;
      }
      await emitSdl(
        ctx,
        flags,
        outcome.supergraphSdl,
        `the supergraph of ${subgraphs.length} subgraphs (${outcome.hash.slice(0, 12)})`,
        {
          supergraphSdl: outcome.supergraphSdl,
          hash: outcome.hash,
          subgraphs: subgraphs.map(({ name, routingUrl }) => ({ name, routingUrl })),
        },
      );
    });
}
