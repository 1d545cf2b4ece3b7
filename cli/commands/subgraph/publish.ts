import type { Command } from 'commander';
import { formatGraphRef, RegistryApiError } from '../../client/index.js';
import { CliError } from '../../cli-error.js';
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
import { readSchemaInput } from '../../schema-input.js';

interface Flags extends RegistryFlags, JsonFlag, ForceFlags {
  readonly name: string;
  readonly schema: string;
  readonly routingUrl?: string;
  readonly ownerTeam?: string;
  readonly ownerContact?: string;
}

export function publishSubgraphCommand(ctx: CommandContext): Command {
  return registryCommand(
    'publish',
    'publish a subgraph schema; the registry composes the supergraph (the first publish to a variant creates it)',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--name <name>', 'subgraph name')
    .requiredOption('--schema <file>', 'SDL file, or - for stdin')
    .option(
      '--routing-url <url>',
      'URL the hub sends this subgraph its requests to (default: the current one)',
    )
    .option('--owner-team <team>', 'owner team of the subgraph (a publisher may only name its own team)')
    .option('--owner-contact <contact>', 'owner contact, e.g. a chat channel or e-mail')
    .addOption(forceOption('publish'))
    .addOption(reasonOption())
    .action(async (refText: string, flags: Flags) => {
      const ref = parseRef(refText);
      const force = forceFlags(flags);
      const sdl = await readSchemaInput(ctx.io, flags.schema);
      const client = ctx.createClient(flags);
      const routingUrl = flags.routingUrl ?? (await currentRoutingUrl(ctx, flags, refText));
      const outcome = await client.publishSubgraph(ref, flags.name, {
        sdl,
        routingUrl,
        ownerTeam: flags.ownerTeam,
        ownerContact: flags.ownerContact,
        ...force,
      });
      switch (outcome.status) {
        case 'blocked':
          reportGateRefusal(ctx, flags, outcome, 'publish');
          return;
        case 'rejected':
          ctx.exitCode = ExitCode.REJECTED;
          if (flags.json) report(ctx, flags, outcome, () => '');
          else ctx.io.stderr(formatCompositionErrors(outcome.errors, outputStyle(ctx.io, 'stderr')));
          return;
        case 'unchanged':
          report(
            ctx,
            flags,
            outcome,
            () =>
              `Subgraph ${flags.name} in ${formatGraphRef(ref)} is unchanged: supergraph stays at version ${outcome.version.version}.\n`,
          );
          return;
        case 'published':
          report(
            ctx,
            flags,
            outcome,
            () =>
              (outcome.variantCreated
                ? `Created variant ${formatGraphRef(ref)} with this first publish.\n`
                : '') +
              `${outcome.created ? 'Created' : 'Updated'} subgraph ${flags.name} in ${formatGraphRef(ref)}: supergraph version ${outcome.version.version} (${outcome.version.hash.slice(0, 12)}).\n` +
              formatBypass(outcome.bypass, flags),
          );
          return;
      }
    });

  async function currentRoutingUrl(context: CommandContext, flags: Flags, refText: string): Promise<string> {
    try {
      const current = await context.createClient(flags).fetchSubgraph(parseRef(refText), flags.name);
      return current.routingUrl;
    } catch (error) {
      // A new variant (created by this publish) has no subgraphs yet either.
      const isNew =
        error instanceof RegistryApiError && ['SUBGRAPH_NOT_FOUND', 'UNKNOWN_VARIANT'].includes(error.code);
      if (isNew) {
        throw CliError.usage(`subgraph ${flags.name} is new: --routing-url is required on its first publish`);
      }
      throw error;
    }
  }
}
