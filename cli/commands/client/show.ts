import type { Command } from 'commander';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { ClientRecordsApi } from './client-records-api.js';
import { recordText } from './client-output.js';

/** `atrium client show <graph> <id>`: one record and its ETag (for `--if-match`). */
export function showClientCommand(ctx: CommandContext): Command {
  return graphItemCommand<unknown, Awaited<ReturnType<ClientRecordsApi['show']>>>(ctx, {
    name: 'show',
    description: 'show a client record and its ETag (reader)',
    id: 'client record id',
    run: ({ graph, id }, flags) => new ClientRecordsApi(ctx, flags).show(graph, id),
    render: (shown) => recordText(shown.client, shown.etag),
  });
}
