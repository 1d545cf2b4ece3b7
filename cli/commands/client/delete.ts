import type { Command } from 'commander';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { ClientRecordsApi } from './client-records-api.js';

/** `atrium client delete <graph> <id>` (admin): what it recognised falls back to `default` / `anonymous`. */
export function deleteClientCommand(ctx: CommandContext): Command {
  return graphItemCommand<{ ifMatch?: string }>(ctx, {
    name: 'delete',
    description: 'delete a client record (admin); its callers get the default or anonymous record',
    id: 'client record id',
    options: (command) =>
      command.option(
        '--if-match <etag>',
        'only if the record still has this ETag (from `client show`); else exit 1',
      ),
    run: ({ graph, id }, flags) => new ClientRecordsApi(ctx, flags).delete(graph, id, flags.ifMatch),
    render: (_deleted, { graph, id }) => `Deleted client record ${id} from ${graph}.\n`,
  });
}
