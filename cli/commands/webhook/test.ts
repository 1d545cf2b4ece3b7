import type { Command } from 'commander';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { WebhooksApi } from './webhooks-api.js';

/** `atrium webhook test <graph> <id>`: queues a signed `webhook.ping`; the outcome shows in `deliveries`. */
export function testWebhookCommand(ctx: CommandContext): Command {
  return graphItemCommand<unknown, Awaited<ReturnType<WebhooksApi['test']>>>(ctx, {
    name: 'test',
    description: 'send a signed webhook.ping to a webhook; see the outcome with `deliveries`',
    id: 'webhook id (from `atrium webhook list`)',
    run: ({ graph, id }, flags) => new WebhooksApi(ctx, flags).test(graph, id),
    json: (delivery) => ({ delivery }),
    render: (delivery, { graph, id }) =>
      `Queued webhook.ping ${delivery.eventId} (delivery ${delivery.id}); see \`atrium webhook deliveries ${graph} ${id}\`.\n`,
  });
}
