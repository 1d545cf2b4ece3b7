/**
 * The registry's webhook routes (docs/registry-api.md, "Webhooks") for the `atrium webhook` commands, with the
 * CLI's usual deadline, headers and errors (`cli/graph-items-api.ts`). The registry URL and token resolve as for
 * every registry command (flags, environment, profile).
 */
import type { WebhookDelivery, WebhookInfo } from '../../../registry/webhooks/webhook-service.js';
import { resolveRegistry, type CommandContext, type RegistryFlags } from '../../command-context.js';
import { GraphItemsApi } from '../../graph-items-api.js';

export type { WebhookDelivery, WebhookInfo };

export class WebhooksApi {
  readonly #api: GraphItemsApi;

  constructor(ctx: CommandContext, flags: RegistryFlags) {
    const { token, ...origin } = resolveRegistry(ctx.io, flags);
    ctx.clientOrigin = origin;
    this.#api = new GraphItemsApi({ url: origin.url, token }, 'webhooks');
  }

  async list(graph: string): Promise<WebhookInfo[]> {
    return ((await this.#call('GET', this.#api.path(graph))) as { webhooks: WebhookInfo[] }).webhooks;
  }

  async create(
    graph: string,
    body: { url: string; events?: string[]; variant?: string; description?: string },
  ): Promise<{ webhook: WebhookInfo; secret: string }> {
    return (await this.#call('POST', this.#api.path(graph), body)) as {
      webhook: WebhookInfo;
      secret: string;
    };
  }

  async delete(graph: string, id: string): Promise<WebhookInfo> {
    return ((await this.#call('DELETE', this.#api.path(graph, id))) as { webhook: WebhookInfo }).webhook;
  }

  async deliveries(graph: string, id: string, limit?: number): Promise<WebhookDelivery[]> {
    const query = limit === undefined ? '' : `?limit=${limit}`;
    const answer = (await this.#call('GET', `${this.#api.path(graph, id)}/deliveries${query}`)) as {
      deliveries: WebhookDelivery[];
    };
    return answer.deliveries;
  }

  async test(graph: string, id: string): Promise<{ id: string; eventId: string; status: string }> {
    const answer = (await this.#call('POST', `${this.#api.path(graph, id)}/test`)) as {
      delivery: { id: string; eventId: string; status: string };
    };
    return answer.delivery;
  }

  async #call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    return (await this.#api.call(method, path, body)).body;
  }
}
