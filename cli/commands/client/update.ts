import type { Command } from 'commander';
import { CliError } from '../../cli-error.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { addRecordOptions, recordBody, type RecordFlags } from './client-flags.js';
import { ClientRecordsApi } from './client-records-api.js';
import { recordText } from './client-output.js';

/** `atrium client update <graph> <id> [flags]`: replaces what the flags give (admin); hubs pick it up on their next poll. */
export function updateClientCommand(ctx: CommandContext): Command {
  return addRecordOptions(
    registryCommand(
      'update',
      'change a client record (admin); hubs apply it on their next poll, without restart',
    )
      .argument('<graph>', 'graph name, e.g. shop')
      .argument('<id>', 'client record id (also `default` or `anonymous`)')
      .option(
        '--if-match <etag>',
        'only if the record still has this ETag (from `client show`); else exit 1',
      ),
  ).action(
    async (
      graph: string,
      id: string,
      flags: RegistryFlags & JsonFlag & RecordFlags & { ifMatch?: string },
    ) => {
      const body = recordBody(flags);
      if (Object.keys(body).length === 0)
        throw CliError.usage('give at least one field to change (see --help)');
      const updated = await new ClientRecordsApi(ctx, flags).update(graph, id, body, flags.ifMatch);
      report(
        ctx,
        flags,
        updated,
        () => `Updated client record ${id} in ${graph}.\n${recordText(updated.client, updated.etag)}`,
      );
    },
  );
}
