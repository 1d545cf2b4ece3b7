/**
 * The hub's HTTP routes on plain `node:http`: the GraphQL path (handed to Apollo Server's
 * `executeHTTPGraphQLRequest`), `/health` and `/ready`. No framework: this is the hot path of every request.
 * Every request gets an id generated here (a client's `x-request-id` is ignored: it would let a caller choose
 * what the logs say), sent back in the `x-request-id` response header and written in the hub's log lines.
 */
import type { HTTPGraphQLRequest, HTTPGraphQLResponse } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HubError, HubErrors } from '../errors.js';
import type { RequestArrival } from '../../policies/contract/request-state.js';
import type { MetricsRoute } from '../../lib/metrics-endpoint.js';
import { createClientAddress } from './client-address.js';
import { parseBody, toHTTPGraphQLRequest } from './graphql-request.js';
import { readBody } from './read-body.js';
import { writeGraphQLResponse, writeHubError, writeJson } from './write-response.js';

export type HubReadiness =
  | {
      readonly ready: true;
      readonly hash: string;
      /** Policies serving with less than they should (a store unreachable…), with why. */
      readonly degraded: readonly { readonly policy: string; readonly reason: string }[];
    }
  | { readonly ready: false; readonly reason: string; readonly waitingFor: 'supergraph' | 'policy' };

export interface RequestHandlerOptions {
  readonly graphqlPath: string;
  readonly bodyLimitBytes: number;
  /** Responses larger than this are answered RESPONSE_TOO_LARGE (400). */
  readonly responseLimitBytes: number;
  /** `server.trustedProxies`: peers whose `X-Forwarded-For` names the caller. */
  readonly trustedProxies?: readonly string[];
  readonly logger: Logger;
  readiness(): HubReadiness;
  executeGraphQL(request: HTTPGraphQLRequest, arrival: RequestArrival): Promise<HTTPGraphQLResponse>;
  /** Begins the metrics and traces of a GraphQL request (hub/observability); absent when both are off. */
  readonly observe?:
    ((req: IncomingMessage, res: ServerResponse, arrival: RequestArrival) => RequestArrival) | undefined;
  /** `GET <path>` answers the hub's metrics on this listener (`metrics.listen: graphql`). */
  readonly metrics?: MetricsRoute | undefined;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  const { graphqlPath, bodyLimitBytes, responseLimitBytes, logger } = options;
  const clientAddress = createClientAddress(options.trustedProxies ?? []);

  async function serveGraphQL(
    req: IncomingMessage,
    res: ServerResponse,
    search: string,
    arrival: RequestArrival,
  ): Promise<void> {
    const readiness = options.readiness();
    if (!readiness.ready) {
      const refusal =
        readiness.waitingFor === 'policy'
          ? HubErrors.POLICY_NOT_READY.create({ reason: readiness.reason })
          : HubErrors.SUPERGRAPH_NOT_READY.create();
      writeHubError(res, refusal, { 'retry-after': '5' });
      return;
    }
    const method = req.method ?? 'GET';
    const body =
      method === 'POST'
        ? parseBody(req.headers['content-type'], await readBody(req, bodyLimitBytes))
        : undefined;
    // One operation per request: the policies' request facts (cost, fetches) describe the request's operation,
    // and a batch would multiply the work one request can cause. Refused before any context is built.
    if (Array.isArray(body)) {
      throw HubErrors.BAD_REQUEST.create({
        reason:
          'batched requests (a JSON array of operations) are not supported; send one operation per request',
      });
    }
    const response = await options.executeGraphQL(
      toHTTPGraphQLRequest(method, req.headers, search, body),
      arrival,
    );
    if (!(await writeGraphQLResponse(res, response, responseLimitBytes))) {
      logger.warn({ requestId: arrival.requestId, limitBytes: responseLimitBytes }, 'response too large');
    }
  }

  function serveStatus(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      writeHubError(
        res,
        HubErrors.METHOD_NOT_ALLOWED.create({ method: req.method ?? '', allowed: 'GET, HEAD' }),
        {
          allow: 'GET, HEAD',
        },
      );
      return;
    }
    if (path === '/health') {
      writeJson(res, 200, { status: 'ok' });
      return;
    }
    const readiness = options.readiness();
    if (readiness.ready) {
      writeJson(res, 200, {
        status: 'ready',
        supergraph: { hash: readiness.hash },
        ...(readiness.degraded.length > 0 && { degraded: readiness.degraded }),
      });
    } else {
      writeJson(res, 503, { status: 'not_ready', reason: readiness.reason });
    }
  }

  function fail(res: ServerResponse, error: unknown, { requestId }: RequestArrival): void {
    if (res.headersSent) {
      logger.warn({ requestId, err: error }, 'error after the response head was sent; connection closed');
      res.destroy();
      return;
    }
    if (error instanceof HubError) {
      logger.debug({ requestId, code: error.code }, 'request refused');
      // The unread rest of a refused body must not be taken for the next request on this connection.
      writeHubError(res, error, error.code === 'PAYLOAD_TOO_LARGE' ? { connection: 'close' } : {});
      return;
    }
    logger.error({ requestId, err: error }, 'unexpected error while serving a request');
    writeHubError(res, HubErrors.INTERNAL_SERVER_ERROR.create());
  }

  return (req, res) => {
    const arrival: RequestArrival = {
      requestId: randomUUID(),
      receivedAt: process.hrtime.bigint(),
      remoteAddress: clientAddress(req),
    };
    res.setHeader('x-request-id', arrival.requestId);
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    if (path === graphqlPath) {
      const observed = options.observe?.(req, res, arrival) ?? arrival;
      serveGraphQL(req, res, queryStart === -1 ? '' : url.slice(queryStart), observed).catch(
        (error: unknown) => fail(res, error, observed),
      );
    } else if (path === options.metrics?.path) {
      options.metrics.serve(req, res);
    } else if (path === '/health' || path === '/ready') {
      serveStatus(req, res, path);
    } else {
      writeHubError(res, HubErrors.NOT_FOUND.create({ path }));
    }
  };
}
