/**
 * `GET /metrics`: the Prometheus text exposition of a service's metrics (the hub's, the registry's), on the
 * service's own listener or on one of its own (`startMetricsServer`): docs/operations.md. Plain `node:http`;
 * no dependency on the hub or the registry.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** A path and what answers it. */
export interface MetricsRoute {
  readonly path: string;
  serve(req: IncomingMessage, res: ServerResponse): void;
}

export interface MetricsSource {
  exposition(): Promise<string>;
  readonly contentType: string;
}

export function metricsRoute(
  path: string,
  source: MetricsSource,
  logger: Pick<Logger, 'error'> | undefined,
): MetricsRoute {
  return {
    path,
    serve(req: IncomingMessage, res: ServerResponse) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
        return;
      }
      source.exposition().then(
        (text) => {
          res.writeHead(200, { 'content-type': source.contentType, 'cache-control': 'no-store' });
          res.end(req.method === 'HEAD' ? undefined : text);
        },
        (error: unknown) => {
          logger?.error({ err: error }, 'metrics could not be collected');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be collected\n');
        },
      );
    },
  };
}

export interface MetricsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A listener that answers the metrics at `route.path` and 404 elsewhere. */
export async function startMetricsServer(
  route: MetricsRoute,
  host: string,
  port: number,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === route.path) route.serve(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    port: actual,
    url: `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
