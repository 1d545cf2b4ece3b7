import type { Command } from 'commander';
import { formatTable } from '../../../lib/text-table.js';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { ClientRecordsApi, type ClientSetAnswer } from './client-records-api.js';
import { budgetText, rateText, recognitionText } from './client-output.js';

/** `atrium client list <graph>`: the graph's client records, the reserved `default` and `anonymous` included. */
export function listClientsCommand(ctx: CommandContext): Command {
  return graphItemCommand<unknown, ClientSetAnswer>(ctx, {
    name: 'list',
    description: "list a graph's client records (reader)",
    run: ({ graph }, flags) => new ClientRecordsApi(ctx, flags).list(graph),
    render: (set) =>
      formatTable(
        ['ID', 'RECOGNISED BY', 'TIER', 'RATE', 'BUDGET', 'PERSISTED OPS', 'VERSION'],
        set.clients.map((client) => [
          client.id,
          recognitionText(client),
          client.tier ?? '-',
          rateText(client),
          budgetText(client),
          client.persistedOperations,
          String(client.version),
        ]),
      ),
  });
}
