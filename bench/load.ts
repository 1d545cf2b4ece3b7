import autocannon from 'autocannon';

export interface Measurement {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

/** Closed-loop load: fixed connections for a fixed time; mean requests/s and latency percentiles. */
export async function measure(options: {
  url: string;
  query: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** The request body as sent; `{ query, operationName: 'TopProducts' }` when not given. */
  body?: string;
}): Promise<Measurement> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.seconds,
    headers: { 'content-type': 'application/json', 'apollographql-client-name': 'bench', ...options.headers },
    body: options.body ?? JSON.stringify({ query: options.query, operationName: 'TopProducts' }),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}
