/**
 * In-flight deduplication of subgraph fetches: while a fetch is on its way, an identical one (same URL, same
 * headers, the same body, hence the same operation, variables and representations) waits for it instead of
 * sending a second request, and gets its own copy of the answer (its own response object; the body bytes are
 * shared, and each waiter parses them itself, so no two operations share a mutable result tree).
 *
 * Only queries: a mutation is never shared, whatever its text (the gateway names subgraph operations by their
 * type, `query …`/`{ … }` or `mutation …`, and anything not recognised as a query is sent as is). The headers are
 * part of the key, so the identity headers a policy forwards (signed subject, scopes) keep callers apart.
 *
 * An entry lives only while its fetch runs: this is not a cache, an answer is never reused once it arrived. A
 * failure reaches every waiter.
 */

/** What a shared fetch hands each waiter: something it can copy for itself. */
export interface Copyable<Response> {
  clone(): Response;
}

/** True for a subgraph operation text that is a query (`{ … }`, `query …`); false for anything else. */
export function isQueryText(query: string): boolean {
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c) continue;
    if (c === 0x7b) return true; // `{`: the query shorthand
    return query.startsWith('query', i) && !/[_0-9A-Za-z]/.test(query.charAt(i + 5));
  }
  return false;
}

/**
 * The key of one fetch: URL, headers in the order sent, body. Not `traceparent`: it names each fetch's own span
 * (hub/observability), so with tracing on no two fetches would ever be identical; a shared fetch carries the
 * first one's.
 */
export function fetchKey(url: string, headers: Iterable<readonly [string, string]>, body: string): string {
  let key = url;
  for (const [name, value] of headers) if (name !== 'traceparent') key += `\n${name}:${value}`;
  return `${key}\n\n${body}`;
}

export class InFlightFetches<Response extends Copyable<Response>> {
  readonly #pending = new Map<string, Promise<Response>>();
  /** Fetches answered by another one's request, for tests and benchmarks. */
  shared = 0;

  /** `send()` unless an identical fetch is in flight; then its answer, copied. */
  run(key: string, send: () => Promise<Response>): Promise<Response> {
    const pending = this.#pending.get(key);
    if (pending !== undefined) {
      this.shared += 1;
      return pending.then((response) => response.clone());
    }
    const started = send();
    this.#pending.set(key, started);
    const done = () => {
      this.#pending.delete(key);
    };
    started.then(done, done);
    // The first caller gets a copy too: the stored response stays unread for those that join later.
    return started.then((response) => response.clone());
  }

  /** Fetches in flight now. */
  get size(): number {
    return this.#pending.size;
  }
}

interface FetchInit {
  readonly method?: string | undefined;
  readonly headers?: unknown;
  readonly body?: unknown;
}

/** Where the gateway's body (`{"query":"…`, its query first) says a query is sent. */
const QUERY_PREFIX = '{"query":"';

/**
 * `fetcher`, with identical query fetches in flight sharing one request. A body the gateway did not shape as
 * `{"query":"<query>",…}`, a method other than POST, or headers not given as a plain record are sent as they are.
 */
export function deduplicateFetches<Init extends FetchInit, Response extends Copyable<Response>>(
  fetcher: (url: string, init?: Init) => Promise<Response>,
  inFlight: InFlightFetches<Response> = new InFlightFetches<Response>(),
): (url: string, init?: Init) => Promise<Response> {
  return (url, init) => {
    const body = init?.body;
    const headers = init?.headers;
    if (
      init?.method !== 'POST' ||
      typeof body !== 'string' ||
      !body.startsWith(QUERY_PREFIX) ||
      !isQueryText(body.slice(QUERY_PREFIX.length, QUERY_PREFIX.length + 64)) ||
      typeof headers !== 'object' ||
      headers === null ||
      Symbol.iterator in headers
    ) {
      return fetcher(url, init);
    }
    const key = fetchKey(url, Object.entries(headers as Record<string, string>), body);
    return inFlight.run(key, () => fetcher(url, init));
  };
}
