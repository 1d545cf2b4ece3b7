/**
 * The gateway's connection to one subgraph.
 *
 * Policies: before each request to the subgraph, the `subgraph-request` phase runs (identity forwarding adds
 * the signed identity headers there), with the subgraph's name. The `Authorization` header is removed first
 * (the gateway builds subgraph requests with fresh headers today; this keeps it so should header propagation
 * ever be added): only a policy may set it.
 *
 * Failures: when a subgraph cannot be reached (connection refused, timeout) or answers with a 5xx, the
 * gateway's default error is a bare fetch failure naming a URL; this data source turns it into
 * SUBGRAPH_UNAVAILABLE naming the subgraph, so clients get partial data plus an error that says which part is
 * missing. The underlying cause is logged, not sent.
 *
 * Error details: with `subgraphs.errors.mode: mask` (the default with `maskErrors`), the errors a subgraph
 * returns, and the error of an HTTP 4xx answer, reach the client with their message and code only, plus the
 * extensions the subgraph's policy allows (`mask-subgraph-error.ts`); the originals are logged with the
 * request id.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { HubContext } from '../../policies/contract/hub-context.js';
import type { SubgraphRequestHookInput } from '../../policies/contract/policy.js';
import type { SubgraphErrorPolicy } from '../config/hub-config.js';
import { HubError, HubErrors } from '../errors.js';
import { runInOrder } from '../pipeline/run-in-order.js';
import { maskSubgraphError } from './mask-subgraph-error.js';
import { deduplicateFetches } from './in-flight-fetches.js';
import { createSubgraphFetch, SubgraphResponseTooLargeError } from './subgraph-fetch.js';
import type { SubgraphFetchObserver } from '../observability/hub-observer.js';
import { observeFetch, type PendingFetchSpans } from './observed-fetch.js';

export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string | undefined;
  readonly logger: Logger;
  /** The `subgraph-request` hooks of the pipeline, in table order. */
  readonly subgraphRequest: readonly ((input: SubgraphRequestHookInput) => void | Promise<void>)[];
  /** A fetch without a complete answer after this long fails (SUBGRAPH_UNAVAILABLE). */
  readonly timeoutMs: number;
  /** A larger answer fails the fetch (SUBGRAPH_RESPONSE_TOO_LARGE) without being buffered. */
  readonly maxResponseBytes: number;
  /** What of this subgraph's errors reaches clients. */
  readonly errors: SubgraphErrorPolicy;
  /** The hub's metrics and traces of subgraph fetches; none when both are off. */
  readonly observer?: SubgraphFetchObserver | undefined;
  /** Identical query fetches in flight share one request (`subgraphs.deduplicateInFlight`). */
  readonly deduplicateInFlight?: boolean;
}

type FetchResponse = NonNullable<Parameters<RemoteGraphQLDataSource['didEncounterError']>[2]>;
type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<HubContext>['didReceiveResponse']>>[0];
type SubgraphResult = Awaited<ReturnType<NonNullable<RemoteGraphQLDataSource['didReceiveResponse']>>>;

/** Health checks and schema loading run without a client request, hence without its state. */
function requestIdOf(context: Partial<HubContext> | undefined): string | null {
  return context?.state?.requestId ?? null;
}

const NO_HEADERS = { get: () => undefined };

export class SubgraphDataSource extends RemoteGraphQLDataSource<HubContext> {
  readonly #name: string;
  readonly #logger: Logger;
  readonly #subgraphRequest: SubgraphDataSourceOptions['subgraphRequest'];
  /** Null in `passthrough` mode. */
  readonly #allowedExtensions: ReadonlySet<string> | null;
  readonly #observer: SubgraphFetchObserver | undefined;
  readonly #pendingSpans: PendingFetchSpans;

  constructor({
    name,
    url,
    logger,
    subgraphRequest,
    timeoutMs,
    maxResponseBytes,
    errors,
    observer,
    deduplicateInFlight = false,
  }: SubgraphDataSourceOptions) {
    const fetcher = createSubgraphFetch({ timeoutMs, maxResponseBytes });
    const pendingSpans: PendingFetchSpans = new Map();
    const sent = deduplicateInFlight ? deduplicateFetches(fetcher) : fetcher;
    super({
      ...(url === undefined ? {} : { url }),
      // Observed outside the deduplication: each fetch of a plan is timed and its span ended, shared or not.
      fetcher: observer ? observeFetch(name, sent, observer, pendingSpans) : sent,
    });
    this.#observer = observer;
    this.#pendingSpans = pendingSpans;
    this.#name = name;
    this.#logger = logger;
    this.#subgraphRequest = subgraphRequest;
    this.#allowedExtensions = errors.mode === 'mask' ? new Set(errors.allowExtensions) : null;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<HubContext>): void | Promise<void> {
    const headers = options.request.http?.headers;
    if (headers === undefined) return;
    headers.delete('authorization');
    // Health checks and schema loading carry no caller (the kind enum is not exported by @apollo/gateway).
    if (!('incomingRequestContext' in options)) return;
    const hooks = runInOrder(this.#subgraphRequest, {
      subgraph: this.#name,
      context: options.context,
      headers,
      incomingHeaders: options.incomingRequestContext.request.http?.headers ?? NO_HEADERS,
    });
    if (this.#observer === undefined) return hooks;
    const state = options.context.state;
    if (hooks === undefined) return this.#traceFetch(headers, state);
    return hooks.then(() => this.#traceFetch(headers, state));
  }

  /** After the policies: the fetch's span, and its `traceparent` (a client's own never reaches a subgraph). */
  #traceFetch(headers: SubgraphRequestHookInput['headers'], state: HubContext['state'] | undefined): void {
    const span = this.#observer?.start(this.#name, state);
    if (span?.traceparent === undefined) return;
    headers.set('traceparent', span.traceparent);
    this.#pendingSpans.set(span.traceparent, span);
  }

  /**
   * The whole body must be a JSON object. The gateway's own parsing would hand the client `JSON.parse`'s
   * message, or for a non-JSON content type the body itself (`Expected JSON response body, but received: …`).
   */
  override async parseBody(
    response: FetchResponse,
    _request?: unknown,
    context?: HubContext,
  ): Promise<object> {
    const text = await response.text();
    let problem: string;
    try {
      const body: unknown = JSON.parse(text);
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body;
      problem = `the body is JSON but not an object (${Array.isArray(body) ? 'array' : typeof body})`;
    } catch (error) {
      problem = (error as Error).message;
    }
    this.#logger.warn(
      {
        subgraph: this.#name,
        requestId: requestIdOf(context),
        status: response.status,
        contentType: response.headers.get('content-type'),
        bytes: Buffer.byteLength(text),
        err: problem,
      },
      'subgraph answered an invalid response',
    );
    throw HubErrors.SUBGRAPH_INVALID_RESPONSE.create({ serviceName: this.#name });
  }

  override didReceiveResponse({ response, context }: ReceivedResponse): SubgraphResult {
    const allowed = this.#allowedExtensions;
    if (allowed === null || response.errors === undefined || response.errors.length === 0) return response;
    this.#withheld(context, response.errors);
    return { ...response, errors: response.errors.map((error) => maskSubgraphError(error, allowed)) };
  }

  override didEncounterError(
    error: Error,
    _request: unknown,
    response?: FetchResponse,
    context?: HubContext,
  ): void {
    if (error instanceof SubgraphResponseTooLargeError) {
      this.#logger.warn(
        { subgraph: this.#name, requestId: requestIdOf(context), limitBytes: error.limitBytes },
        'subgraph response too large',
      );
      throw HubErrors.SUBGRAPH_RESPONSE_TOO_LARGE.create({ serviceName: this.#name });
    }
    if (response === undefined || response.status >= 500) {
      this.#logger.warn(
        {
          subgraph: this.#name,
          requestId: requestIdOf(context),
          url: this.url,
          status: response?.status ?? null,
          err: error.message,
        },
        'subgraph unavailable',
      );
      throw HubErrors.SUBGRAPH_UNAVAILABLE.create({ serviceName: this.#name });
    }
    // The hub's own errors (SUBGRAPH_INVALID_RESPONSE) are already what the client may see.
    if (error instanceof HubError) throw error;
    // An HTTP 4xx answer: the gateway's error carries the subgraph's URL and body in `extensions.response`.
    const allowed = this.#allowedExtensions;
    if (allowed !== null && error instanceof GraphQLError) {
      const original = error.toJSON();
      this.#withheld(context, [original]);
      const masked = maskSubgraphError(original, allowed);
      throw new GraphQLError(masked.message, { extensions: masked.extensions ?? {} });
    }
    throw error;
  }

  #withheld(context: Partial<HubContext> | undefined, errors: readonly unknown[]): void {
    this.#logger.warn(
      { subgraph: this.#name, requestId: requestIdOf(context), errors },
      'subgraph error details withheld from the client',
    );
  }
}
