import type { Command } from 'commander';
import { formatTable } from '../../../lib/text-table.js';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { parsePositiveLimit } from './parse-limit.js';
import { WebhooksApi, type WebhookDelivery } from './webhooks-api.js';

function lastAttempt(delivery: WebhookDelivery): string {
  const last = delivery.attempts.at(-1);
  if (!last) return '-';
  const outcome = last.statusCode === null ? (last.error ?? 'no answer') : `HTTP ${last.statusCode}`;
  return `${outcome} in ${last.durationMs} ms`;
}

/** `atrium webhook deliveries <graph> <id>`: the delivery log, newest first, with every attempt in `--json`. */
export function webhookDeliveriesCommand(ctx: CommandContext): Command {
  return graphItemCommand<{ limit?: number }, WebhookDelivery[]>(ctx, {
    name: 'deliveries',
    description: "a webhook's delivery log, newest first: status, attempts, last outcome",
    id: 'webhook id (from `atrium webhook list`)',
    options: (command) =>
      command.option('--limit <n>', 'how many deliveries (1–999, default 20)', parsePositiveLimit),
    run: ({ graph, id }, flags) => new WebhooksApi(ctx, flags).deliveries(graph, id, flags.limit),
    json: (deliveries) => ({ deliveries }),
    render: (deliveries, { id }) =>
      deliveries.length === 0
        ? `Webhook ${id} has no deliveries yet.\n`
        : formatTable(
            ['CREATED', 'EVENT', 'STATUS', 'ATTEMPTS', 'LAST ATTEMPT', 'NEXT ATTEMPT'],
            deliveries.map((delivery) => [
              delivery.createdAt,
              delivery.eventType,
              delivery.status,
              String(delivery.attempts.length),
              lastAttempt(delivery),
              delivery.nextAttemptAt ?? '-',
            ]),
          ),
  });
}
