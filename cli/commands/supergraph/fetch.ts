import { InvalidArgumentError, type Command } from 'commander';
import {
  registryCommand,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { emitSdl, outputOption, type OutputFlag } from '../../fetch-output.js';
import { parseRef } from '../../parse-ref.js';

export function fetchSupergraphCommand(ctx: CommandContext): Command {
  return registryCommand(
    'fetch',
    'print the current supergraph SDL, or one version of it, byte for byte (its sha256 is the version hash)',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option('--version <n>', 'supergraph version number (default: current)', parseVersion)
    .addOption(outputOption('supergraph SDL'))
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & OutputFlag & { version?: number }) => {
      const answer = await ctx
        .createClient(flags)
        .fetchSupergraph(parseRef(refText), { version: flags.version });
      if (answer.status === 'not-modified') return; // only with an ETag, which this command never sends
      const { supergraph } = answer;
      await emitSdl(
        ctx,
        flags,
        supergraph.supergraphSdl,
        `supergraph version ${supergraph.version} (${supergraph.hash.slice(0, 12)})`,
        { supergraph },
      );
    });
}

export function parseVersion(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a version number ≥ 1');
  return value;
}
