import type { Command } from 'commander';
import { formatTable } from '../../../lib/text-table.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { WebhooksApi } from './webhooks-api.js';

/** `atrium webhook list <graph>`: the graph's webhooks (admin or graph publisher); secrets are never shown. */
export function listWebhooksCommand(ctx: CommandContext): Command {
  return registryCommand('list', "list a graph's webhooks (admin or publisher); secrets are never shown")
    .argument('<graph>', 'graph name, e.g. shop')
    .action(async (graph: string, flags: RegistryFlags & JsonFlag) => {
      const webhooks = await new WebhooksApi(ctx, flags).list(graph);
      report(ctx, flags, { webhooks }, () =>
        webhooks.length === 0
          ? `Graph ${graph} has no webhooks.\n`
          : formatTable(
              ['ID', 'VARIANT', 'URL', 'EVENTS', 'CREATED BY', 'CREATED'],
              webhooks.map((webhook) => [
                webhook.id,
                webhook.variant ?? '*',
                webhook.url,
                webhook.events.join(','),
                webhook.createdBy,
                webhook.createdAt,
              ]),
            ),
      );
    });
}
