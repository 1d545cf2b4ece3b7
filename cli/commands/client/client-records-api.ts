/**
 * The registry's client-record routes (docs/registry-api.md, "Clients") for the `atrium client` commands: the
 * same deadline, headers and errors as the CLI's `RegistryClient` (a refused call throws `RegistryApiError`,
 * an unreachable registry `RegistryUnreachableError`, so the exit codes are the CLI's usual ones), plus the
 * record's `ETag` for `--if-match`.
 */
import type { ClientRecordValue } from '../../../lib/client-records.js';
import { ensureRegistryOk, exchangeWithRegistry } from '../../client/index.js';
import { DEFAULT_REGISTRY_URL, type CommandContext, type RegistryFlags } from '../../command-context.js';

/** A record as the registry answers it. */
export interface ClientRecordAnswer extends ClientRecordValue {
  readonly reserved: boolean;
  readonly version: number;
  readonly createdBy: string | null;
  readonly createdAt: string | null;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

export interface ClientSetAnswer {
  readonly graph: string;
  readonly clients: ClientRecordAnswer[];
}

const TIMEOUT_MS = 30_000;

export class ClientRecordsApi {
  readonly #url: string;
  readonly #token: string | undefined;

  constructor(ctx: CommandContext, flags: RegistryFlags) {
    this.#url = (flags.registry ?? ctx.io.env.ATRIUM_REGISTRY_URL ?? DEFAULT_REGISTRY_URL).replace(
      /\/+$/,
      '',
    );
    this.#token = flags.token ?? ctx.io.env.ATRIUM_TOKEN;
  }

  list(graph: string): Promise<ClientSetAnswer> {
    return this.#call('GET', `${this.#path(graph)}`).then(({ body }) => body as ClientSetAnswer);
  }

  async show(graph: string, id: string): Promise<{ client: ClientRecordAnswer; etag: string | null }> {
    return this.#record(await this.#call('GET', this.#path(graph, id)));
  }

  async create(
    graph: string,
    body: Record<string, unknown>,
  ): Promise<{ client: ClientRecordAnswer; etag: string | null }> {
    return this.#record(await this.#call('POST', this.#path(graph), body));
  }

  async update(
    graph: string,
    id: string,
    body: Record<string, unknown>,
    ifMatch?: string,
  ): Promise<{ client: ClientRecordAnswer; etag: string | null }> {
    return this.#record(await this.#call('PATCH', this.#path(graph, id), body, ifMatch));
  }

  async delete(graph: string, id: string, ifMatch?: string): Promise<{ client: ClientRecordAnswer }> {
    const { body } = await this.#call('DELETE', this.#path(graph, id), undefined, ifMatch);
    return body as { client: ClientRecordAnswer };
  }

  #path(graph: string, id?: string): string {
    const base = `/v1/graphs/${encodeURIComponent(graph)}/clients`;
    return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
  }

  #record({ body, headers }: { body: unknown; headers: Headers }) {
    return { client: (body as { client: ClientRecordAnswer }).client, etag: headers.get('etag') };
  }

  async #call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    ifMatch?: string,
  ): Promise<{ body: unknown; headers: Headers }> {
    const endpoint = { url: this.#url, token: this.#token, userAgent: 'atrium-cli', timeoutMs: TIMEOUT_MS };
    const headers = ifMatch === undefined ? undefined : { 'if-match': ifMatch };
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
