import { Option, type Command } from 'commander';
import { SUBSCRIBABLE_EVENT_TYPES } from '../../../registry/webhooks/events.js';
import type { CommandContext } from '../../command-context.js';
import { graphItemCommand } from '../../graph-item-command.js';
import { WebhooksApi } from './webhooks-api.js';

interface CreateFlags {
  url: string;
  event?: string[];
  variant?: string;
  description?: string;
}

/** `atrium webhook create <graph> --url …`: prints the signing secret once. */
export function createWebhookCommand(ctx: CommandContext): Command {
  return graphItemCommand<CreateFlags, Awaited<ReturnType<WebhooksApi['create']>>>(ctx, {
    name: 'create',
    description:
      'subscribe a URL to events of a graph (admin or publisher); the signing secret is printed once',
    options: (command) =>
      command
        .requiredOption(
          '--url <url>',
          'where to POST events: https (http only to 127.0.0.1, ::1 or localhost)',
        )
        .addOption(
          new Option('--event <type...>', 'events to send (repeatable; default: all)').choices([
            ...SUBSCRIBABLE_EVENT_TYPES,
          ]),
        )
        .option('--variant <variant>', 'only events of this variant (default: every variant of the graph)')
        .option('--description <text>', 'what the webhook is for, e.g. "#schema-changes in Slack"'),
    run: ({ graph }, flags) =>
      new WebhooksApi(ctx, flags).create(graph, {
        url: flags.url,
        ...(flags.event ? { events: flags.event } : {}),
        ...(flags.variant ? { variant: flags.variant } : {}),
        ...(flags.description ? { description: flags.description } : {}),
      }),
    render: (created, { graph }) =>
      `Created webhook ${created.webhook.id} for ${graph}${created.webhook.variant ? `@${created.webhook.variant}` : ''}` +
      ` (${created.webhook.events.join(', ')}).\nIts signing secret, shown only now:\n${created.secret}\n`,
  });
}
