import type { Command } from 'commander';
import { CliError } from '../../cli-error.js';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { addRecordOptions, recordBody, type RecordFlags } from './client-flags.js';
import { ClientRecordsApi } from './client-records-api.js';
import { recordText } from './client-output.js';

/** `atrium client create <graph> <id> --client-id … | --address …`: a new record (admin). */
export function createClientCommand(ctx: CommandContext): Command {
  return graphItemCommand<RecordFlags, Awaited<ReturnType<ClientRecordsApi['create']>>>(ctx, {
    name: 'create',
    description: 'create a client record (admin): how it is recognised, its tier and limits',
    id: 'client record id, e.g. mobile-app',
    options: addRecordOptions,
    run({ graph, id }, flags) {
      const body = recordBody(flags);
      if (body.recognition === undefined)
        throw CliError.usage('give --client-id <id...> or --address <range...>');
      for (const key of ['tier', 'rate', 'budget'] as const) if (body[key] === null) delete body[key];
      return new ClientRecordsApi(ctx, flags).create(graph, { id, ...body });
    },
    render: (created, { graph, id }) =>
      `Created client record ${id} in ${graph}.\n${recordText(created.client, created.etag)}`,
  });
}
