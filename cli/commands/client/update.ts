import type { Command } from 'commander';
import { CliError } from '../../cli-error.js';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { addRecordOptions, recordBody, type RecordFlags } from './client-flags.js';
import { ClientRecordsApi } from './client-records-api.js';
import { recordText } from './client-output.js';

/** `atrium client update <graph> <id> [flags]`: replaces what the flags give (admin); hubs pick it up on their next poll. */
export function updateClientCommand(ctx: CommandContext): Command {
  return graphItemCommand<
    RecordFlags & { ifMatch?: string },
    Awaited<ReturnType<ClientRecordsApi['update']>>
  >(ctx, {
    name: 'update',
    description: 'change a client record (admin); hubs apply it on their next poll, without restart',
    id: 'client record id (also `default` or `anonymous`)',
    options: (command) =>
      addRecordOptions(
        command.option(
          '--if-match <etag>',
          'only if the record still has this ETag (from `client show`); else exit 1',
        ),
      ),
    run({ graph, id }, flags) {
      const body = recordBody(flags);
      if (Object.keys(body).length === 0)
        throw CliError.usage('give at least one field to change (see --help)');
      return new ClientRecordsApi(ctx, flags).update(graph, id, body, flags.ifMatch);
    },
    render: (updated, { graph, id }) =>
      `Updated client record ${id} in ${graph}.\n${recordText(updated.client, updated.etag)}`,
  });
}
