import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** How long, by default, requests in flight at shutdown may run before their connections are cut. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * A bounded drain for the registry's fastify instance. Fastify's own close waits for every connection to end,
 * and a keep-alive connection whose request was in flight when the close began stays open for the keep-alive
 * timeout (fastify's default: 72 s) once its answer is sent — the registry's close took ~70 s that way whenever
 * a hub's poll or a CLI call was being answered. Here, on close: answers still to be written say
 * `Connection: close`, requests in flight get `timeoutMs` to finish, and then every connection left is cut.
 */
export interface GracefulClose {
  close(timeoutMs: number): Promise<void>;
}

export function trackForGracefulClose(app: FastifyInstance): GracefulClose {
  const inFlight = new Set<ServerResponse>();
  let idle: (() => void) | undefined;
  let closing = false;
  app.addHook('onRequest', (request, reply, done) => {
    const response = reply.raw;
    if (closing) response.shouldKeepAlive = false;
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      if (inFlight.size === 0) idle?.();
    });
    done();
  });
  return {
    async close(timeoutMs) {
      closing = true;
      for (const response of inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
      const closed = app.close();
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        if (inFlight.size === 0) return resolve();
        idle = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      app.server.closeAllConnections();
      await closed;
    },
  };
}
