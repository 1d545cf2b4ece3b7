import { InvalidArgumentError, type Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { parseRef } from '../../parse-ref.js';

export function fetchSupergraphCommand(ctx: CommandContext): Command {
  return registryCommand('fetch', 'print the current supergraph SDL, or one version of it')
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option('--version <n>', 'supergraph version number (default: current)', parseVersion)
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & { version?: number }) => {
      const answer = await ctx
        .createClient(flags)
        .fetchSupergraph(parseRef(refText), { version: flags.version });
      if (answer.status === 'not-modified') return; // only with an ETag, which this command never sends
      const { supergraph } = answer;
      report(ctx, flags, { supergraph }, () =>
        supergraph.supergraphSdl.endsWith('\n') ? supergraph.supergraphSdl : `${supergraph.supergraphSdl}\n`,
      );
    });
}

export function parseVersion(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a version number ≥ 1');
  return value;
}
