import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { WebhooksApi } from './webhooks-api.js';

/** `atrium webhook test <graph> <id>`: queues a signed `webhook.ping`; the outcome shows in `deliveries`. */
export function testWebhookCommand(ctx: CommandContext): Command {
  return registryCommand('test', 'send a signed webhook.ping to a webhook; see the outcome with `deliveries`')
    .argument('<graph>', 'graph name, e.g. shop')
    .argument('<id>', 'webhook id (from `atrium webhook list`)')
    .action(async (graph: string, id: string, flags: RegistryFlags & JsonFlag) => {
      const delivery = await new WebhooksApi(ctx, flags).test(graph, id);
      report(
        ctx,
        flags,
        { delivery },
        () =>
          `Queued webhook.ping ${delivery.eventId} (delivery ${delivery.id}); see \`atrium webhook deliveries ${graph} ${id}\`.\n`,
      );
    });
}
