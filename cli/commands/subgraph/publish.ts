import type { Command } from 'commander';
import { formatGraphRef, RegistryApiError } from '../../client/index.js';
import type { Provenance } from '../../client/types.js';
import { formatHumanReport } from '../../../registry/checks/report/human.js';
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
import { gitOptions, provenanceOf, type GitFlags } from '../../git-context.js';
import { loadSubgraphSdl, readSupergraphConfig } from '../../supergraph-config.js';

interface Flags extends RegistryFlags, JsonFlag, ForceFlags, GitFlags {
  readonly name?: string;
  readonly schema?: string;
  readonly config?: string;
  readonly routingUrl?: string;
  readonly ownerTeam?: string;
  readonly ownerContact?: string;
}

export function publishSubgraphCommand(ctx: CommandContext): Command {
  const command = registryCommand(
    'publish',
    'publish a subgraph schema, or with --config every subgraph of a supergraph.yaml at once; the registry composes the supergraph (the first publish to a variant creates it)',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option('--name <name>', 'subgraph name (required without --config)')
    .option('--schema <file>', 'SDL file, or - for stdin (required without --config)')
    .option(
      '--config <supergraph.yaml>',
      'publish every subgraph of a Rover supergraph.yaml (subgraphs: {name: {routing_url, schema: {file}}}) in one step: one new version or nothing',
    )
    .option(
      '--routing-url <url>',
      'URL the hub sends this subgraph its requests to (default: the current one)',
    )
    .option('--owner-team <team>', 'owner team of the subgraph (a publisher may only name its own team)')
    .option('--owner-contact <contact>', 'owner contact, e.g. a chat channel or e-mail')
    .addOption(forceOption('publish'))
    .addOption(reasonOption());
  return gitOptions(command).action(async (refText: string, flags: Flags) => {
    const ref = parseRef(refText);
    const force = forceFlags(flags);
    const provenance = provenanceOf(flags, ctx.io.env);
    if (flags.config !== undefined) {
      const conflicting = (['name', 'schema', 'routingUrl', 'ownerTeam', 'ownerContact'] as const).filter(
        (key) => flags[key] !== undefined,
      );
      if (conflicting.length > 0) {
        throw CliError.usage(
          `--config conflicts with ${conflicting.map((key) => `--${kebab(key)}`).join(', ')}`,
        );
      }
      await publishConfig(ctx, flags, refText, { ...force, ...provenance });
      return;
    }
    if (flags.name === undefined || flags.schema === undefined) {
      throw CliError.usage('give --name and --schema, or --config <supergraph.yaml>');
    }
    const name = flags.name;
    const sdl = await readSchemaInput(ctx.io, flags.schema);
    const client = ctx.createClient(flags);
    const routingUrl = flags.routingUrl ?? (await currentRoutingUrl(ctx, flags, refText));
    const outcome = await client.publishSubgraph(ref, name, {
      sdl,
      routingUrl,
      ownerTeam: flags.ownerTeam,
      ownerContact: flags.ownerContact,
      ...force,
      ...provenance,
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
            `Subgraph ${name} in ${formatGraphRef(ref)} is unchanged: supergraph stays at version ${outcome.version.version}.\n`,
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
            `${outcome.created ? 'Created' : 'Updated'} subgraph ${name} in ${formatGraphRef(ref)}: supergraph version ${outcome.version.version} (${outcome.version.hash.slice(0, 12)}).\n` +
            formatBypass(outcome.bypass, flags),
        );
        return;
    }
  });

  async function currentRoutingUrl(context: CommandContext, flags: Flags, refText: string): Promise<string> {
    const name = flags.name ?? '';
    try {
      const current = await context.createClient(flags).fetchSubgraph(parseRef(refText), name);
      return current.routingUrl;
    } catch (error) {
      // A new variant (created by this publish) has no subgraphs yet either.
      const isNew =
        error instanceof RegistryApiError && ['SUBGRAPH_NOT_FOUND', 'UNKNOWN_VARIANT'].includes(error.code);
      if (isNew) {
        throw CliError.usage(`subgraph ${name} is new: --routing-url is required on its first publish`);
      }
      throw error;
    }
  }
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `--config supergraph.yaml`: every subgraph in one batch publish (`POST …/subgraphs`). */
async function publishConfig(
  ctx: CommandContext,
  flags: Flags,
  refText: string,
  extra: { force?: true; reason?: string } & Provenance,
): Promise<void> {
  const ref = parseRef(refText);
  const subgraphs = await loadSubgraphSdl(await readSupergraphConfig(ctx.io.cwd, flags.config ?? ''));
  const outcome = await ctx.createClient(flags).publishSubgraphs(ref, { subgraphs, ...extra });
  const where = formatGraphRef(ref);
  switch (outcome.status) {
    case 'rejected':
      ctx.exitCode = ExitCode.REJECTED;
      if (flags.json) report(ctx, flags, outcome, () => '');
      else ctx.io.stderr(formatCompositionErrors(outcome.errors, outputStyle(ctx.io, 'stderr')));
      return;
    case 'blocked': {
      ctx.exitCode = ExitCode.REJECTED;
      if (flags.json) {
        report(ctx, flags, outcome, () => '');
        return;
      }
      const [first] = outcome.blocked;
      const lines = outcome.blocked.map(
        (entry) =>
          `  ${entry.subgraph}: check ${entry.checkId} failed${entry.ignoredApprovals.map((a) => `; ${a.message}`).join('')}\n`,
      );
      ctx.io.stderr(
        `${first ? formatHumanReport(first.report) : ''}Publish refused: nothing was published.\n${lines.join('')}` +
          `Approve the checks (atrium check approve <id> --reason "…") and publish again, or publish with --force --reason "…" (admin or owner).\n`,
      );
      return;
    }
    case 'unchanged':
      report(
        ctx,
        flags,
        outcome,
        () =>
          `All ${subgraphs.length} subgraphs in ${where} are unchanged: supergraph stays at version ${outcome.version.version}.\n`,
      );
      return;
    case 'published':
      report(ctx, flags, outcome, () => {
        const lines = outcome.subgraphs.map(
          (subgraph) =>
            `  ${subgraph.created ? 'created' : 'updated'} ${subgraph.name}${
              subgraph.bypass ? ` (${formatBypass(subgraph.bypass).trim()})` : ''
            }\n`,
        );
        const unchanged = outcome.unchanged.map((name) => `  unchanged ${name}\n`);
        return (
          (outcome.variantCreated ? `Created variant ${where} with this first publish.\n` : '') +
          `Published ${outcome.subgraphs.length} subgraph${outcome.subgraphs.length === 1 ? '' : 's'} to ${where} at once: supergraph version ${outcome.version.version} (${outcome.version.hash.slice(0, 12)}).\n` +
          lines.join('') +
          unchanged.join('')
        );
      });
      return;
  }
}
