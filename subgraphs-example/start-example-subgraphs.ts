import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGraphQLHttpServer } from './graphql-http-server.js';
import { buildExampleSchema } from './subgraph-schemas.js';
import { EXAMPLE_SUBGRAPH_NAMES, type ExampleSubgraphName } from './subgraph-names.js';

/** One request as a subgraph received it: lets tests prove what the gateway did or did not fetch. */
export interface SubgraphRequestRecord {
  subgraph: ExampleSubgraphName;
  query: string;
  variables: unknown;
  operationName?: string;
  headers: IncomingHttpHeaders;
}

export interface StartExampleSubgraphsOptions {
  /** Interface to listen on; defaults to 127.0.0.1. */
  host?: string;
  /** Port per subgraph; 0 or missing means an ephemeral port. */
  ports?: Partial<Record<ExampleSubgraphName, number>>;
  /** Which subgraphs to start; defaults to all four. */
  names?: ExampleSubgraphName[];
  onRequest?: (record: SubgraphRequestRecord) => void;
}

export interface StartedSubgraphs {
  /** Routing URL of each started subgraph (`http://host:port/graphql`). */
  urls: Record<ExampleSubgraphName, string>;
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

function urlOf(host: string, port: number): string {
  const hostname = host.includes(':') ? `[${host}]` : host;
  return `http://${hostname}:${port}/graphql`;
}

export async function startExampleSubgraphs(
  options: StartExampleSubgraphsOptions = {},
): Promise<StartedSubgraphs> {
  const host = options.host ?? '127.0.0.1';
  const names = options.names ?? EXAMPLE_SUBGRAPH_NAMES;
  const started: Server[] = [];
  const urls: Partial<Record<ExampleSubgraphName, string>> = {};
  const close = async (): Promise<void> => {
    await Promise.all(started.map(closeServer));
  };
  try {
    for (const name of names) {
      const onRequest = options.onRequest;
      const server = createGraphQLHttpServer({
        schema: buildExampleSchema(name),
        ...(onRequest && { onRequest: (record) => onRequest({ subgraph: name, ...record }) }),
      });
      const address = await listen(server, host, options.ports?.[name] ?? 0);
      started.push(server);
      urls[name] = urlOf(host, address.port);
    }
  } catch (error) {
    await close();
    throw error;
  }
  // Only the requested names are present; the record type keeps call sites simple for the common "all four" case.
  return { urls: urls as Record<ExampleSubgraphName, string>, close };
}
