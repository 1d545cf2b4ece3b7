import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { parseRef } from '../../parse-ref.js';

interface Flags extends RegistryFlags, JsonFlag {
  readonly client: string;
  readonly clientVersion: string;
  readonly reason?: string;
}

/** Retiring a retired version succeeds and changes nothing. */
export function retireOperationsCommand(ctx: CommandContext): Command {
  return registryCommand(
    'retire',
    'retire a client version: hubs stop serving its operations and checks stop counting them',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--client <id>', 'client record id')
    .requiredOption('--client-version <version>', 'the client release')
    .option('--reason <text>', 'why (written to the audit log)')
    .action(async (refText: string, flags: Flags) => {
      const ref = parseRef(refText);
      const result = await ctx
        .createClient(flags)
        .retireClientVersion(ref, flags.client, flags.clientVersion, flags.reason);
      report(ctx, flags, result, () =>
        result.status === 'retired'
          ? `Retired ${flags.client}@${flags.clientVersion} in ${ref.graph}@${ref.variant} (${result.version.operationCount} operations).\n`
          : `${flags.client}@${flags.clientVersion} in ${ref.graph}@${ref.variant} was already retired.\n`,
      );
    });
}
