import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { WebhooksApi } from './webhooks-api.js';

/** `atrium webhook delete <graph> <id>`: the webhook and its delivery log go; pending deliveries are dropped. */
export function deleteWebhookCommand(ctx: CommandContext): Command {
  return registryCommand('delete', 'delete a webhook with its delivery log (admin or publisher)')
    .argument('<graph>', 'graph name, e.g. shop')
    .argument('<id>', 'webhook id (from `atrium webhook list`)')
    .action(async (graph: string, id: string, flags: RegistryFlags & JsonFlag) => {
      const webhook = await new WebhooksApi(ctx, flags).delete(graph, id);
      report(ctx, flags, { webhook }, () => `Deleted webhook ${id} (${webhook.url}) of ${graph}.\n`);
    });
}
