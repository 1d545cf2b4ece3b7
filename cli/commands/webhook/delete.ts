import type { Command } from 'commander';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { WebhooksApi, type WebhookInfo } from './webhooks-api.js';

/** `atrium webhook delete <graph> <id>`: the webhook and its delivery log go; pending deliveries are dropped. */
export function deleteWebhookCommand(ctx: CommandContext): Command {
  return graphItemCommand<unknown, WebhookInfo>(ctx, {
    name: 'delete',
    description: 'delete a webhook with its delivery log (admin or publisher)',
    id: 'webhook id (from `atrium webhook list`)',
    run: ({ graph, id }, flags) => new WebhooksApi(ctx, flags).delete(graph, id),
    json: (webhook) => ({ webhook }),
    render: (webhook, { graph, id }) => `Deleted webhook ${id} (${webhook.url}) of ${graph}.\n`,
  });
}
