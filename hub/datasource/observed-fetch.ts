/**
 * A subgraph fetcher that reports each fetch to the hub's observer (hub/observability/hub-observer.ts): its
 * duration and status for the metrics, with the reason when it failed (timeout, unreachable, an HTTP error
 * status, too large), and the end of its span. The span was started in `willSendRequest`, which sent its
 * `traceparent`; the fetcher finds it again by that header value.
 */
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { DeadlineExceededError } from '../../lib/deadline.js';
import type { FetchFailure } from '../observability/hub-metrics.js';
import type { FetchSpan, SubgraphFetchObserver } from '../observability/hub-observer.js';
import { SubgraphResponseTooLargeError } from './subgraph-fetch.js';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

/** The spans of the fetches about to be sent, by the `traceparent` they carry. */
export type PendingFetchSpans = Map<string, FetchSpan>;

function failureOf(error: unknown): FetchFailure {
  if (error instanceof SubgraphResponseTooLargeError) return 'too_large';
  if (error instanceof DeadlineExceededError) return 'timeout';
  return 'unreachable';
}

export function observeFetch(
  subgraph: string,
  fetcher: Fetcher,
  observer: SubgraphFetchObserver,
  pending: PendingFetchSpans,
): Fetcher {
  return (url, init) => {
    const started = performance.now();
    const headers = init?.headers;
    const traceparent = headers?.['traceparent'];
    const span = traceparent === undefined ? undefined : pending.get(traceparent);
    if (span !== undefined) pending.delete(traceparent!);
    return fetcher(url, init).then(
      (response) => {
        const failure = response.status >= 400 ? 'http_error' : undefined;
        observer.fetched(subgraph, response.status, seconds(started), failure);
        span?.end(response.status, failure);
        return response;
      },
      (error: unknown) => {
        const failure = failureOf(error);
        observer.fetched(subgraph, 0, seconds(started), failure);
        span?.end(0, failure);
        throw error;
      },
    );
  };
}

function seconds(started: number): number {
  return (performance.now() - started) / 1_000;
}
