import type { Command } from 'commander';
import { formatTable } from '../../../lib/text-table.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { ClientRecordsApi } from './client-records-api.js';
import { budgetText, rateText, recognitionText } from './client-output.js';

/** `atrium client list <graph>`: the graph's client records, the reserved `default` and `anonymous` included. */
export function listClientsCommand(ctx: CommandContext): Command {
  return registryCommand('list', "list a graph's client records (reader)")
    .argument('<graph>', 'graph name, e.g. shop')
    .action(async (graph: string, flags: RegistryFlags & JsonFlag) => {
      const set = await new ClientRecordsApi(ctx, flags).list(graph);
      report(ctx, flags, set, () =>
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
      );
    });
}
