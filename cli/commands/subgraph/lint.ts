import { Command, Option } from 'commander';
import { parse, Source } from 'graphql';
import { createCheckReport } from '../../../registry/checks/check-report.js';
import { lintSubgraphDocument } from '../../../registry/checks/lint/naming-rules.js';
import {
  DEFAULT_LINT_CONFIG,
  resolveLintConfig,
  type LintConfig,
} from '../../../registry/checks/lint/lint-config.js';
import {
  emitReport,
  formatOption,
  repositoryPath,
  schemaPathPrefixOption,
  type ReportFlags,
} from '../../check-output.js';
import { CliError } from '../../cli-error.js';
import type { CommandContext, RegistryFlags } from '../../command-context.js';
import { ExitCode } from '../../exit-codes.js';
import { parseGraphName, parseRef } from '../../parse-ref.js';
import { readSchemaInput } from '../../schema-input.js';

interface Flags extends RegistryFlags, ReportFlags {
  readonly schema: string;
  readonly graph?: string;
}

/**
 * `atrium subgraph lint --schema products.graphql`: the schema lint rules on one subgraph SDL, locally. With
 * `--graph shop` (or `shop@prod`), the graph's rules from the registry; else the default rules. Exit 1 when a
 * rule at level `error` finds something.
 */
export function lintSubgraphCommand(ctx: CommandContext): Command {
  return new Command('lint')
    .description(
      "lint a subgraph schema locally with the default rules, or with a graph's rules read from the registry (--graph); " +
        'exit 1 when a rule set to error finds something',
    )
    .requiredOption('--schema <file>', 'SDL file, or - for stdin')
    .option('--graph <graph|graph@variant>', "use this graph's lint rules (needs the registry)")
    .addOption(
      new Option(
        '--registry <url>',
        'registry URL, with --graph (default: $ATRIUM_REGISTRY_URL, the profile, or http://127.0.0.1:4100)',
      ),
    )
    .addOption(
      new Option('--token <token>', 'registry token, with --graph (default: $ATRIUM_TOKEN or the profile)'),
    )
    .addOption(new Option('--profile <name>', 'profile of `atrium config`, with --graph'))
    .option('--json', 'print the report as JSON on stdout (same as --format json)')
    .addOption(formatOption())
    .option('--output <file>', 'write the report to a file; the human report then goes to stdout')
    .addOption(schemaPathPrefixOption())
    .action(async (flags: Flags) => {
      const sdl = await readSchemaInput(ctx.io, flags.schema);
      const name = flags.schema === '-' ? '<stdin>' : flags.schema;
      let document;
      try {
        document = parse(new Source(sdl, name));
      } catch (error) {
        throw CliError.usage(`${name} does not parse: ${(error as Error).message}`);
      }
      const config = await lintConfig(ctx, flags);
      const lintFindings = lintSubgraphDocument(document, name, config);
      const report = createCheckReport({ changes: [], lintFindings, new: { name, kind: 'subgraph' } });
      await emitReport(ctx, flags, report, {
        ci: {
          fileFor: (file) =>
            file === '<stdin>'
              ? { file: 'atrium://stdin/subgraph.graphql' }
              : { file: repositoryPath(ctx.io.cwd, file, flags.schemaPathPrefix) },
        },
      });
      ctx.exitCode = report.passed ? ExitCode.OK : ExitCode.REJECTED;
    });
}

async function lintConfig(ctx: CommandContext, flags: Flags): Promise<LintConfig> {
  if (flags.graph === undefined) {
    if (flags.registry !== undefined || flags.token !== undefined)
      throw CliError.usage('--registry and --token go with --graph (whose lint rules to use)');
    return DEFAULT_LINT_CONFIG;
  }
  const graph = flags.graph.includes('@') ? parseRef(flags.graph).graph : parseGraphName(flags.graph);
  const stored = await ctx.createClient(flags).getLintConfig(graph);
  return resolveLintConfig(stored.config);
}
