/**
 * One HTTP exchange with the registry API, as every CLI command makes it: JSON in and out, the bearer token, one
 * deadline (lib/deadline.ts) for the whole exchange, body included, and the CLI's errors — an unreachable or
 * stalled registry is `RegistryUnreachableError`, a refusal `RegistryApiError` with the registry's code, and an
 * answer without an Atrium body (a hub, a proxy, a web server) `NOT_A_REGISTRY`.
 */
import { fetchWithDeadline } from '../../lib/fetch-with-deadline.js';
import { RegistryApiError, RegistryUnreachableError } from './registry-errors.js';

export interface RegistryEndpoint {
  readonly url: string;
  readonly token: string | undefined;
  readonly userAgent: string;
  readonly timeoutMs: number;
}

export interface RegistryCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface RegistryAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; for a body that is not JSON, an `INVALID_RESPONSE` error body. */
  readonly body: unknown;
  readonly json: boolean;
}

export async function exchangeWithRegistry(
  endpoint: RegistryEndpoint,
  call: RegistryCall,
): Promise<RegistryAnswer> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': endpoint.userAgent,
    ...call.headers,
  };
  if (endpoint.token) headers.authorization = `Bearer ${endpoint.token}`;
  let body: string | undefined;
  if (call.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.body);
  }
  // A registry that sends its headers and then stalls is as unreachable as one that never answers.
  let response: Response;
  let text: string;
  try {
    response = await fetchWithDeadline(
      endpoint.url + call.path,
      { method: call.method, headers, body },
      endpoint.timeoutMs,
    );
    text = await response.text();
  } catch (error) {
    throw new RegistryUnreachableError(endpoint.url, error);
  }
  if (text.length === 0)
    return { status: response.status, headers: response.headers, body: undefined, json: true };
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(text), json: true };
  } catch {
    const invalid = {
      code: 'INVALID_RESPONSE',
      message: `registry answered ${response.status} with non-JSON body`,
    };
    return { status: response.status, headers: response.headers, body: invalid, json: false };
  }
}

/** Returns for a 2xx JSON answer; throws the registry's refusal, or `NOT_A_REGISTRY` for a body that is not one. */
export function ensureRegistryOk(answer: RegistryAnswer, url: string): void {
  if (answer.status >= 200 && answer.status < 300 && answer.json) return;
  const { code, message, ...details } = (answer.body ?? {}) as Record<string, unknown>;
  if (typeof code !== 'string' || code === 'INVALID_RESPONSE') {
    // Every registry error has a `code`: this server is something else (a hub, a proxy, a web server).
    throw new RegistryApiError(
      answer.status,
      'NOT_A_REGISTRY',
      `${url} answered HTTP ${answer.status} without an Atrium error body: it does not look like an Atrium registry ` +
        `(a hub listens on 4000, the registry on 4100 by default); check --registry, $ATRIUM_REGISTRY_URL or the profile's registry-url`,
      { url },
    );
  }
  throw new RegistryApiError(
    answer.status,
    code,
    typeof message === 'string' ? message : `registry answered HTTP ${answer.status}`,
    details,
  );
}
