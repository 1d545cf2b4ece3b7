import type { Command } from 'commander';
import { formatTable } from '../../../lib/text-table.js';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { WebhooksApi, type WebhookInfo } from './webhooks-api.js';

/** `atrium webhook list <graph>`: the graph's webhooks (admin or graph publisher); secrets are never shown. */
export function listWebhooksCommand(ctx: CommandContext): Command {
  return graphItemCommand<unknown, WebhookInfo[]>(ctx, {
    name: 'list',
    description: "list a graph's webhooks (admin or publisher); secrets are never shown",
    run: ({ graph }, flags) => new WebhooksApi(ctx, flags).list(graph),
    json: (webhooks) => ({ webhooks }),
    render: (webhooks, { graph }) =>
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
  });
}
