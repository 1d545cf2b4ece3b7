/**
 * The gateway's connection to one subgraph.
 *
 * Identity: every subgraph request carries the signed identity headers (`identity-headers.ts`) when
 * `identityForwarding.secret` is set. Whatever the client sent under those names, or as `Authorization`, never
 * reaches a subgraph: the names are removed first (the gateway builds subgraph requests with fresh headers
 * today; this keeps it so should header propagation ever be added). The client's `Authorization` header is
 * passed on only with `identityForwarding.dangerouslyForwardAuthorizationHeader`.
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
import type { IdentityForwardingConfig, SubgraphErrorPolicy } from '../config/hub-config.js';
import { HubError, HubErrors } from '../errors.js';
import type { HubContext } from '../pipeline/hub-context.js';
import { requestSlot } from '../pipeline/request-state.js';
import { identityHeaders } from './identity-headers.js';
import { maskSubgraphError } from './mask-subgraph-error.js';
import { createSubgraphFetch, SubgraphResponseTooLargeError } from './subgraph-fetch.js';

export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string | undefined;
  readonly logger: Logger;
  readonly identity: IdentityForwardingConfig;
  /** A fetch without a complete answer after this long fails (SUBGRAPH_UNAVAILABLE). */
  readonly timeoutMs: number;
  /** A larger answer fails the fetch (SUBGRAPH_RESPONSE_TOO_LARGE) without being buffered. */
  readonly maxResponseBytes: number;
  /** What of this subgraph's errors reaches clients. */
  readonly errors: SubgraphErrorPolicy;
}

type FetchResponse = NonNullable<Parameters<RemoteGraphQLDataSource['didEncounterError']>[2]>;
type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<HubContext>['didReceiveResponse']>>[0];
type SubgraphResult = Awaited<ReturnType<NonNullable<RemoteGraphQLDataSource['didReceiveResponse']>>>;

/** Health checks and schema loading run without a client request, hence without its state. */
function requestIdOf(context: Partial<HubContext> | undefined): string | null {
  return context?.state?.requestId ?? null;
}

/** One signature per client request, shared by all of its subgraph fetches (a query plan may make many). */
const SIGNED_IDENTITY = requestSlot<Readonly<Record<string, string>>>('signed identity headers');

export class SubgraphDataSource extends RemoteGraphQLDataSource<HubContext> {
  readonly #name: string;
  readonly #logger: Logger;
  readonly #identity: IdentityForwardingConfig;
  readonly #strippedHeaders: ReadonlySet<string>;
  /** Null in `passthrough` mode. */
  readonly #allowedExtensions: ReadonlySet<string> | null;

  constructor({
    name,
    url,
    logger,
    identity,
    timeoutMs,
    maxResponseBytes,
    errors,
  }: SubgraphDataSourceOptions) {
    super({
      ...(url === undefined ? {} : { url }),
      fetcher: createSubgraphFetch({ timeoutMs, maxResponseBytes }),
    });
    this.#name = name;
    this.#logger = logger;
    this.#identity = identity;
    this.#allowedExtensions = errors.mode === 'mask' ? new Set(errors.allowExtensions) : null;
    const { subject, clientId, scopes, issuer, timestamp, signature } = identity.headers;
    this.#strippedHeaders = new Set(
      ['authorization', subject, clientId, scopes, issuer, timestamp, signature].map((name) =>
        name.toLowerCase(),
      ),
    );
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<HubContext>): void {
    const headers = options.request.http?.headers;
    if (headers === undefined) return;
    // One pass over the (few) headers the gateway set, rather than a delete per name: this runs for every fetch.
    for (const [name] of headers) if (this.#strippedHeaders.has(name)) headers.delete(name);
    // Health checks and schema loading carry no caller (the kind enum is not exported by @apollo/gateway).
    if (!('incomingRequestContext' in options)) return;
    const { secret, headers: names, dangerouslyForwardAuthorizationHeader } = this.#identity;
    if (dangerouslyForwardAuthorizationHeader) {
      const authorization = options.incomingRequestContext.request.http?.headers.get('authorization');
      if (authorization) headers.set('authorization', authorization);
    }
    if (secret === undefined) return;
    const { state } = options.context;
    let signed = state.get(SIGNED_IDENTITY);
    if (signed === undefined) {
      signed = identityHeaders(options.context.principal, names, secret, Date.now() / 1000);
      state.set(SIGNED_IDENTITY, signed);
    }
    for (const [name, value] of Object.entries(signed)) headers.set(name, value);
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
