/**
 * The gateway's connection to one subgraph. When a subgraph cannot be reached (connection refused, timeout)
 * or answers with a 5xx, the gateway's default error is a bare fetch failure naming a URL; this data source
 * turns it into SUBGRAPH_UNAVAILABLE naming the subgraph, so clients get partial data plus an error that says
 * which part is missing. The underlying cause is logged, not sent.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Logger } from 'pino';
import { HubErrors } from '../errors.js';
import type { HubContext } from '../pipeline/hub-context.js';

export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string | undefined;
  readonly logger: Logger;
}

type FetchResponse = Parameters<RemoteGraphQLDataSource['didEncounterError']>[2];

export class SubgraphDataSource extends RemoteGraphQLDataSource<HubContext> {
  readonly #name: string;
  readonly #logger: Logger;

  constructor({ name, url, logger }: SubgraphDataSourceOptions) {
    super(url === undefined ? {} : { url });
    this.#name = name;
    this.#logger = logger;
  }

  override didEncounterError(error: Error, _request: unknown, response?: FetchResponse): void {
    if (response === undefined || response.status >= 500) {
      this.#logger.warn(
        { subgraph: this.#name, url: this.url, status: response?.status ?? null, err: error.message },
        'subgraph unavailable',
      );
      throw HubErrors.SUBGRAPH_UNAVAILABLE.create({ serviceName: this.#name });
    }
    throw error;
  }
}
