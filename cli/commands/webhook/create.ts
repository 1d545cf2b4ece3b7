import { Option, type Command } from 'commander';
import { SUBSCRIBABLE_EVENT_TYPES } from '../../../registry/webhooks/events.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { WebhooksApi } from './webhooks-api.js';

interface CreateFlags extends RegistryFlags, JsonFlag {
  url: string;
  event?: string[];
  variant?: string;
  description?: string;
}

/** `atrium webhook create <graph> --url …`: prints the signing secret once. */
export function createWebhookCommand(ctx: CommandContext): Command {
  return registryCommand(
    'create',
    'subscribe a URL to events of a graph (admin or publisher); the signing secret is printed once',
  )
    .argument('<graph>', 'graph name, e.g. shop')
    .requiredOption('--url <url>', 'where to POST events: https (http only to 127.0.0.1, ::1 or localhost)')
    .addOption(
      new Option('--event <type...>', 'events to send (repeatable; default: all)').choices([
        ...SUBSCRIBABLE_EVENT_TYPES,
      ]),
    )
    .option('--variant <variant>', 'only events of this variant (default: every variant of the graph)')
    .option('--description <text>', 'what the webhook is for, e.g. "#schema-changes in Slack"')
    .action(async (graph: string, flags: CreateFlags) => {
      const created = await new WebhooksApi(ctx, flags).create(graph, {
        url: flags.url,
        ...(flags.event ? { events: flags.event } : {}),
        ...(flags.variant ? { variant: flags.variant } : {}),
        ...(flags.description ? { description: flags.description } : {}),
      });
      report(
        ctx,
        flags,
        created,
        () =>
          `Created webhook ${created.webhook.id} for ${graph}${created.webhook.variant ? `@${created.webhook.variant}` : ''}` +
          ` (${created.webhook.events.join(', ')}).\nIts signing secret, shown only now:\n${created.secret}\n`,
      );
    });
}
