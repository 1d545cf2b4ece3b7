/**
 * The registry routes of a graph's items that the CLI edits outside `RegistryClient` (`/v1/graphs/:graph/webhooks`,
 * `/v1/graphs/:graph/clients`, docs/registry-api.md), with the CLI's usual deadline, headers and errors: a refused
 * call throws `RegistryApiError`, an unreachable registry `RegistryUnreachableError`, so the exit codes are the
 * CLI's usual ones. Each command family's API (`commands/webhook/webhooks-api.ts`,
 * `commands/client/client-records-api.ts`) says what its answers are.
 */
import { ensureRegistryOk, exchangeWithRegistry, type RegistryCall } from './client/index.js';

const TIMEOUT_MS = 30_000;

export class GraphItemsApi {
  readonly #url: string;
  readonly #token: string | undefined;
  readonly #items: string;

  /** `items` is the route's last segment: `webhooks`, `clients`. */
  constructor(registry: { url: string; token: string | undefined }, items: string) {
    this.#url = registry.url.replace(/\/+$/, '');
    this.#token = registry.token;
    this.#items = items;
  }

  /** `/v1/graphs/:graph/<items>`, or one item's path with `id`. */
  path(graph: string, id?: string): string {
    const base = `/v1/graphs/${encodeURIComponent(graph)}/${this.#items}`;
    return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
  }

  async call(
    method: RegistryCall['method'],
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ body: unknown; headers: Headers }> {
    const endpoint = { url: this.#url, token: this.#token, userAgent: 'atrium-cli', timeoutMs: TIMEOUT_MS };
    const answer = await exchangeWithRegistry(endpoint, {
      method,
      path,
      body,
      ...(headers ? { headers } : {}),
    });
    ensureRegistryOk(answer, this.#url);
    return { body: answer.body, headers: answer.headers };
  }
}
