import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InFlightRequests } from './in-flight-requests.js';
import type { RequestHandler } from './request-handler.js';

export interface HttpServer {
  readonly port: number;
  /** `http://host:port`, with 127.0.0.1 standing for "every interface". */
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish for up to `timeoutMs`, then cuts what is left. */
  close(timeoutMs: number): Promise<void>;
}

function urlFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export async function startHttpServer(
  handler: RequestHandler,
  host: string,
  port: number,
): Promise<HttpServer> {
  const inFlight = new InFlightRequests();
  let closing = false;
  const server: Server = createServer((req, res) => {
    inFlight.track(res);
    // While draining, tell keep-alive clients not to send more on this connection.
    if (closing) res.shouldKeepAlive = false;
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    port: actualPort,
    url: urlFor(host, actualPort),
    async close(timeoutMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([inFlight.idle(), timedOut]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}
