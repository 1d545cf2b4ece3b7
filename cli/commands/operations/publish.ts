import type { Command } from 'commander';
import { formatTable } from '../../../lib/text-table.js';
import {
  registryCommand,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { ExitCode } from '../../exit-codes.js';
import { parseRef } from '../../parse-ref.js';
import { readManifest } from './read-manifest.js';

interface Flags extends RegistryFlags, JsonFlag {
  readonly client: string;
  readonly clientVersion: string;
  readonly manifest: string;
}

/**
 * `atrium operations publish`: registers the operations of a client version (add-only, idempotent). Exit 0 when
 * stored or unchanged, 1 when refused (invalid operations, id mismatch, retired version, unknown client), 2 usage
 * (unreadable or malformed manifest), 3 unreachable or not allowed.
 */
export function publishOperationsCommand(ctx: CommandContext): Command {
  return registryCommand(
    'publish',
    "register a client version's operations (trusted documents) for a variant",
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--client <id>', 'client record id')
    .requiredOption('--client-version <version>', 'the client release, e.g. 1.4.2')
    .requiredOption(
      '--manifest <file|dir>',
      'Apollo persisted-query manifest, { "<sha256>": "<document>" } JSON map, or a folder (or file) of .graphql operations',
    )
    .addHelpText(
      'after',
      `
A folder (or one .graphql file) becomes one document per named operation: the operation, then the fragments it
uses sorted by name, printed by graphql-js and joined by a blank line; the id is the sha256 of that text.
Nothing is stored unless every new operation validates against the variant's current API schema.

Exit codes: 0 stored or unchanged, 1 refused (invalid operations, id mismatch, retired version, unknown client),
2 usage (missing flag, unreadable or malformed manifest), 3 cannot reach or authenticate to the registry.
See docs/cli.md.`,
    )
    .action(async (refText: string, flags: Flags) => {
      const ref = parseRef(refText);
      const manifest = await readManifest(ctx.io, flags.manifest);
      const outcome = await ctx
        .createClient(flags)
        .publishOperations(ref, flags.client, flags.clientVersion, manifest.operations);
      const target = `${flags.client}@${flags.clientVersion} in ${ref.graph}@${ref.variant}`;
      if (outcome.status === 'rejected') {
        ctx.exitCode = ExitCode.REJECTED;
        if (flags.json) {
          ctx.io.stdout(`${JSON.stringify(outcome, null, 2)}\n`);
          return;
        }
        const rows = outcome.problems.map((problem) => [
          problem.name ?? '(anonymous)',
          problem.id.length > 16 ? `${problem.id.slice(0, 12)}…` : problem.id,
          problem.locations.map((l) => `${l.line}:${l.column}`).join(', '),
          problem.message,
        ]);
        ctx.io.stderr(
          `✖ [${outcome.code}] ${outcome.invalidOperations} of ${manifest.operations.length} operations refused for ${target}; nothing was stored.\n` +
            formatTable(['OPERATION', 'ID', 'LOCATION', 'PROBLEM'], rows),
        );
        return;
      }
      if (flags.json) {
        ctx.io.stdout(`${JSON.stringify({ ...outcome, format: manifest.format }, null, 2)}\n`);
        return;
      }
      const total = outcome.version.operationCount;
      const what =
        outcome.status === 'unchanged'
          ? `Unchanged: ${target} already has these ${manifest.operations.length} operations`
          : `${outcome.status === 'created' ? 'Created' : 'Added to'} ${target}: ${outcome.added} new operation${outcome.added === 1 ? '' : 's'}`;
      ctx.io.stdout(`${what} (${total} in the version; ${manifest.format} manifest).\n`);
    });
}
