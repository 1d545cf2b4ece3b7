import type { Command } from 'commander';
import { formatTable } from '../../../lib/text-table.js';
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
}

export function showOperationsCommand(ctx: CommandContext): Command {
  return registryCommand(
    'show',
    'show the registered operations of one client version (--json: with their bodies)',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--client <id>', 'client record id')
    .requiredOption('--client-version <version>', 'the client release')
    .action(async (refText: string, flags: Flags) => {
      const ref = parseRef(refText);
      const version = await ctx.createClient(flags).getClientVersion(ref, flags.client, flags.clientVersion);
      report(ctx, flags, { version }, () => {
        const retired = version.retiredAt
          ? `, retired ${version.retiredAt} by ${version.retiredBy ?? ''}${version.retireReason ? ` (${version.retireReason})` : ''}`
          : '';
        return (
          `${version.client}@${version.version} in ${version.graph}@${version.variant}: ${version.status}${retired}; ` +
          `${version.operationCount} operation${version.operationCount === 1 ? '' : 's'}.\n` +
          formatTable(
            ['NAME', 'TYPE', 'ID'],
            version.operations.map((o) => [o.name ?? '(anonymous)', o.type, o.id]),
          )
        );
      });
    });
}
