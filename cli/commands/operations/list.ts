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
  readonly client?: string;
}

export function listOperationsCommand(ctx: CommandContext): Command {
  return registryCommand('list', "list a variant's client versions and their registered operations")
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option('--client <id>', 'only this client')
    .action(async (refText: string, flags: Flags) => {
      const ref = parseRef(refText);
      const versions = await ctx.createClient(flags).listClientVersions(ref, flags.client);
      report(ctx, flags, { versions }, () =>
        versions.length === 0
          ? `No client versions registered in ${ref.graph}@${ref.variant}.\n`
          : formatTable(
              ['CLIENT', 'VERSION', 'STATUS', 'OPERATIONS', 'CREATED', 'RETIRED'],
              versions.map((v) => [
                v.client,
                v.version,
                v.status,
                String(v.operationCount),
                `${v.createdAt} by ${v.createdBy}`,
                v.retiredAt ? `${v.retiredAt} by ${v.retiredBy ?? ''}` : '',
              ]),
            ),
      );
    });
}
