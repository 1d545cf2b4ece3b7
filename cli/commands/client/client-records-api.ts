/**
 * The registry's client-record routes (docs/registry-api.md, "Clients") for the `atrium client` commands: the
 * same deadline, headers and errors as the CLI's `RegistryClient` (`cli/graph-items-api.ts`), plus the record's
 * `ETag` for `--if-match`. The registry URL and token resolve as for every registry command (flags, environment,
 * profile).
 */
import type { ClientRecordValue } from '../../../lib/client-records.js';
import { resolveRegistry, type CommandContext, type RegistryFlags } from '../../command-context.js';
import { GraphItemsApi } from '../../graph-items-api.js';

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

export class ClientRecordsApi {
  readonly #api: GraphItemsApi;

  constructor(ctx: CommandContext, flags: RegistryFlags) {
    // Flags, then the environment, then the profile, then the default, as for every registry command.
    const { token, ...origin } = resolveRegistry(ctx.io, flags);
    ctx.clientOrigin = origin;
    this.#api = new GraphItemsApi({ url: origin.url, token }, 'clients');
  }

  list(graph: string): Promise<ClientSetAnswer> {
    return this.#api.call('GET', this.#api.path(graph)).then(({ body }) => body as ClientSetAnswer);
  }

  async show(graph: string, id: string): Promise<{ client: ClientRecordAnswer; etag: string | null }> {
    return this.#record(await this.#api.call('GET', this.#api.path(graph, id)));
  }

  async create(
    graph: string,
    body: Record<string, unknown>,
  ): Promise<{ client: ClientRecordAnswer; etag: string | null }> {
    return this.#record(await this.#api.call('POST', this.#api.path(graph), body));
  }

  async update(
    graph: string,
    id: string,
    body: Record<string, unknown>,
    ifMatch?: string,
  ): Promise<{ client: ClientRecordAnswer; etag: string | null }> {
    return this.#record(
      await this.#api.call('PATCH', this.#api.path(graph, id), body, ifMatchHeader(ifMatch)),
    );
  }

  async delete(graph: string, id: string, ifMatch?: string): Promise<{ client: ClientRecordAnswer }> {
    const { body } = await this.#api.call(
      'DELETE',
      this.#api.path(graph, id),
      undefined,
      ifMatchHeader(ifMatch),
    );
    return body as { client: ClientRecordAnswer };
  }

  #record({ body, headers }: { body: unknown; headers: Headers }) {
    return { client: (body as { client: ClientRecordAnswer }).client, etag: headers.get('etag') };
  }
}

function ifMatchHeader(ifMatch: string | undefined): Record<string, string> | undefined {
  return ifMatch === undefined ? undefined : { 'if-match': ifMatch };
}
