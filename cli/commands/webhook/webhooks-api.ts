/**
 * The registry's webhook routes (docs/registry-api.md, "Webhooks") for the `atrium webhook` commands, with the
 * CLI's usual deadline, headers and errors: a refused call throws `RegistryApiError`, an unreachable registry
 * `RegistryUnreachableError`, so the exit codes are the CLI's usual ones. The registry URL and token resolve as
 * for every registry command (flags, environment, profile).
 */
import type { WebhookDelivery, WebhookInfo } from '../../../registry/webhooks/webhook-service.js';
import { ensureRegistryOk, exchangeWithRegistry } from '../../client/index.js';
import { resolveRegistry, type CommandContext, type RegistryFlags } from '../../command-context.js';

export type { WebhookDelivery, WebhookInfo };

const TIMEOUT_MS = 30_000;

export class WebhooksApi {
  readonly #url: string;
  readonly #token: string | undefined;

  constructor(ctx: CommandContext, flags: RegistryFlags) {
    const { token, ...origin } = resolveRegistry(ctx.io, flags);
    ctx.clientOrigin = origin;
    this.#url = origin.url.replace(/\/+$/, '');
    this.#token = token;
  }

  async list(graph: string): Promise<WebhookInfo[]> {
    return ((await this.#call('GET', this.#path(graph))) as { webhooks: WebhookInfo[] }).webhooks;
  }

  async create(
    graph: string,
    body: { url: string; events?: string[]; variant?: string; description?: string },
  ): Promise<{ webhook: WebhookInfo; secret: string }> {
    return (await this.#call('POST', this.#path(graph), body)) as { webhook: WebhookInfo; secret: string };
  }

  async delete(graph: string, id: string): Promise<WebhookInfo> {
    return ((await this.#call('DELETE', this.#path(graph, id))) as { webhook: WebhookInfo }).webhook;
  }

  async deliveries(graph: string, id: string, limit?: number): Promise<WebhookDelivery[]> {
    const query = limit === undefined ? '' : `?limit=${limit}`;
    const answer = (await this.#call('GET', `${this.#path(graph, id)}/deliveries${query}`)) as {
      deliveries: WebhookDelivery[];
    };
    return answer.deliveries;
  }

  async test(graph: string, id: string): Promise<{ id: string; eventId: string; status: string }> {
    const answer = (await this.#call('POST', `${this.#path(graph, id)}/test`)) as {
      delivery: { id: string; eventId: string; status: string };
    };
    return answer.delivery;
  }

  #path(graph: string, id?: string): string {
    const base = `/v1/graphs/${encodeURIComponent(graph)}/webhooks`;
    return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
  }

  async #call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const endpoint = { url: this.#url, token: this.#token, userAgent: 'atrium-cli', timeoutMs: TIMEOUT_MS };
    const answer = await exchangeWithRegistry(endpoint, { method, path, body });
    ensureRegistryOk(answer, this.#url);
    return answer.body;
  }
}
