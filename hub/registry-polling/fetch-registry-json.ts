/**
 * One conditional GET of a registry feed the hub polls (the supergraph, the client records, the persisted
 * operations): bearer token, `If-None-Match`, the poll's deadline, and the registry's error body read into a
 * reason for the log. What the body means is the caller's.
 */
import { z } from 'zod';
import { fetchWithDeadline } from '../../lib/fetch-with-deadline.js';

/** The registry's error body: `{ code, message, … }`. */
export const registryErrorBody = z.object({ code: z.string(), message: z.string().optional() });

export type RegistryFetch =
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'fetched'; readonly body: unknown; readonly etag: string | undefined };

export interface RegistryFetchOptions {
  readonly token: string;
  /** The ETag of the answer in use: a 304 answers `unchanged`. */
  readonly etag: string | undefined;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export async function fetchRegistryJson(
  endpoint: string,
  options: RegistryFetchOptions,
): Promise<RegistryFetch> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${options.token}`,
  };
  if (options.etag !== undefined) headers['if-none-match'] = options.etag;
  let response: Response;
  try {
    response = await fetchWithDeadline(endpoint, { headers, signal: options.signal }, options.timeoutMs);
  } catch (error) {
    return { kind: 'failed', reason: `registry unreachable: ${describeFetchError(error)}` };
  }
  if (response.status === 304) return { kind: 'unchanged' };
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsedError = registryErrorBody.safeParse(body);
    const code = parsedError.success ? ` ${parsedError.data.code}` : '';
    return { kind: 'failed', reason: `registry answered ${response.status}${code}` };
  }
  return { kind: 'fetched', body, etag: response.headers.get('etag') ?? undefined };
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return error.message;
}
