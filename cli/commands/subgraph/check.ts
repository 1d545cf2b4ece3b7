import type { Command } from 'commander';
import type { FailOn } from '../../../registry/checks/check-report.js';
import {
  emitReport,
  failOnOption,
  formatOption,
  registryCheckLocations,
  registryReport,
  relocateReport,
  schemaPathPrefixOption,
  type ReportFlags,
} from '../../check-output.js';
import { CliError } from '../../cli-error.js';
import { registryCommand, type CommandContext, type RegistryFlags } from '../../command-context.js';
import { ExitCode } from '../../exit-codes.js';
import { parseRef } from '../../parse-ref.js';
import { readSchemaInput } from '../../schema-input.js';
import { gitOptions, provenanceOf, type GitFlags } from '../../git-context.js';

interface Flags extends RegistryFlags, ReportFlags, GitFlags {
  readonly name: string;
  readonly schema?: string;
  readonly routingUrl?: string;
  readonly delete?: boolean;
  readonly failOn: FailOn;
  readonly skipUsage?: boolean;
}

/**
 * `atrium subgraph check`: the registry composes the proposal with the other subgraphs, diffs the API schemas
 * and lints; the check is stored. Exit 0 when it passes, 1 when it fails, 2 usage, 3 unreachable or refused.
 */
export function checkSubgraphCommand(ctx: CommandContext): Command {
  const command = registryCommand(
    'check',
    'check a proposed subgraph schema (or its removal) against the registry',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--name <name>', 'subgraph name')
    .option('--schema <file>', 'proposed SDL file, or - for stdin')
    .option('--routing-url <url>', 'proposed routing URL (default: the current one)')
    .option('--delete', 'check removing the subgraph instead')
    .addOption(formatOption())
    .option('--output <file>', 'write the report to a file; the human report then goes to stdout')
    .addOption(failOnOption())
    .option('--skip-usage', 'every breaking change fails, even one nobody used in the usage window')
    .addOption(schemaPathPrefixOption());
  return gitOptions(command).action(async (refText: string, flags: Flags) => {
    const ref = parseRef(refText);
    if ((flags.schema === undefined) === (flags.delete !== true)) {
      throw CliError.usage('give either --schema <file> or --delete');
    }
    if (flags.delete && flags.routingUrl !== undefined)
      throw CliError.usage('--routing-url conflicts with --delete');
    const sdl = flags.schema === undefined ? undefined : await readSchemaInput(ctx.io, flags.schema);
    const check = await ctx.createClient(flags).checkSubgraph(ref, {
      subgraph: flags.name,
      ...(sdl === undefined ? { delete: true } : { sdl }),
      ...(flags.routingUrl === undefined ? {} : { routingUrl: flags.routingUrl }),
      failOn: flags.failOn,
      ...(flags.skipUsage ? { skipUsage: true } : {}),
      ...provenanceOf(flags, ctx.io.env),
    });
    const stored = registryReport(check.report);
    const report =
      flags.schema && flags.schema !== '-' ? relocateReport(stored, flags.name, flags.schema) : stored;
    const covered = check.passed ? null : check.coveredBy;
    const note = covered
      ? `The failing changes are covered by the approval of check ${covered.checkId} by ${covered.approvedBy} for context ${covered.contextId}${covered.reason ? ` (${covered.reason})` : ''}, valid until ${covered.expiresAt}: a publish in this context goes through.\n`
      : '';
    const footer = `Check ${check.id} stored (atrium check show ${check.id}).\n${note}`;
    await emitReport(ctx, flags, report, {
      humanFooter: footer,
      notice: footer,
      ci: registryCheckLocations(ctx, flags, refText, flags.name, flags.schema),
    });
    // A check an approval covers (same context id) passes for CI: its publish would go through.
    ctx.exitCode = check.passed || covered ? ExitCode.OK : ExitCode.REJECTED;
  });
}
