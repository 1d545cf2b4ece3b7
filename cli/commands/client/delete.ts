import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { ClientRecordsApi } from './client-records-api.js';

/** `atrium client delete <graph> <id>` (admin): what it recognised falls back to `default` / `anonymous`. */
export function deleteClientCommand(ctx: CommandContext): Command {
  return registryCommand(
    'delete',
    'delete a client record (admin); its callers get the default or anonymous record',
  )
    .argument('<graph>', 'graph name, e.g. shop')
    .argument('<id>', 'client record id')
    .option('--if-match <etag>', 'only if the record still has this ETag (from `client show`); else exit 1')
    .action(async (graph: string, id: string, flags: RegistryFlags & JsonFlag & { ifMatch?: string }) => {
      const deleted = await new ClientRecordsApi(ctx, flags).delete(graph, id, flags.ifMatch);
      report(ctx, flags, deleted, () => `Deleted client record ${id} from ${graph}.\n`);
    });
}
