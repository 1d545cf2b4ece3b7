import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { ClientRecordsApi } from './client-records-api.js';
import { recordText } from './client-output.js';

/** `atrium client show <graph> <id>`: one record and its ETag (for `--if-match`). */
export function showClientCommand(ctx: CommandContext): Command {
  return registryCommand('show', 'show a client record and its ETag (reader)')
    .argument('<graph>', 'graph name, e.g. shop')
    .argument('<id>', 'client record id')
    .action(async (graph: string, id: string, flags: RegistryFlags & JsonFlag) => {
      const shown = await new ClientRecordsApi(ctx, flags).show(graph, id);
      report(ctx, flags, shown, () => recordText(shown.client, shown.etag));
    });
}
