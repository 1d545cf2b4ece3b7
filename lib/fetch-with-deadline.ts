/**
 * `fetch` under one `Deadline` (`deadline.ts`) covering the whole exchange: connecting, the response head and
 * the complete body. The body is read here, before the deadline is cleared, and handed back buffered, so a
 * server that sends its headers and then stalls fails the call too. A `signal` in `init` still aborts it early.
 *
 * `FetchInit` is the part of `RequestInit` that callers and libraries pass (openid-client's and jose's
 * `customFetch` give exactly these), so `fetchWithTimeout` can stand in for their fetch: their own timeouts
 * rely on `AbortSignal.timeout`.
 */
import { startDeadline } from './deadline.js';

export interface FetchInit {
  readonly method?: string | undefined;
  readonly headers?: RequestInit['headers'];
  readonly body?: RequestInit['body'];
  readonly redirect?: RequestInit['redirect'];
  readonly signal?: AbortSignal | null | undefined;
}

export type DeadlineFetch = (url: string, init?: FetchInit) => Promise<Response>;

/** Statuses whose response cannot have a body (`new Response` refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export async function fetchWithDeadline(
  url: string | URL,
  init: FetchInit,
  timeoutMs: number,
): Promise<Response> {
  const deadline = startDeadline(timeoutMs, { parent: init.signal });
  try {
    const request: RequestInit = { signal: deadline.signal };
    if (init.method !== undefined) request.method = init.method;
    if (init.headers !== undefined) request.headers = init.headers;
    if (init.body !== undefined) request.body = init.body;
    if (init.redirect !== undefined) request.redirect = init.redirect;
    const response = await fetch(url, request);
    const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } finally {
    deadline.clear();
  }
}

/** A `fetch` bound to one timeout, for libraries that take a custom fetch. */
export function fetchWithTimeout(timeoutMs: number): DeadlineFetch {
  return (url, init = {}) => fetchWithDeadline(url, init, timeoutMs);
}
