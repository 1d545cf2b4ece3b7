import { fetchWithDeadline } from '../lib/fetch-with-deadline.js';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';

export const INTROSPECT_TIMEOUT_MS = 10_000;

/** `--header "Name: value"` (repeatable) as a header record. */
export function parseHeaders(values: readonly string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values ?? []) {
    const colon = value.indexOf(':');
    if (colon <= 0) throw CliError.usage(`--header "${value}": expected "Name: value"`);
    headers[value.slice(0, colon).trim().toLowerCase()] = value.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * A running subgraph's SDL through the federation `_service { sdl }` field (which keeps the federation
 * directives, unlike standard introspection). Fails with exit 1 when the URL cannot be reached in time, answers
 * an HTTP error, or is not a federation subgraph.
 */
export async function introspectSubgraph(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = INTROSPECT_TIMEOUT_MS,
): Promise<string> {
  const fail = (why: string): CliError =>
    new CliError(
      `cannot introspect the subgraph at ${url}: ${why}`,
      ExitCode.REJECTED,
      'INTROSPECTION_FAILED',
    );
  let response: Response;
  try {
    response = await fetchWithDeadline(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query: 'query AtriumIntrospect { _service { sdl } }' }),
      },
      timeoutMs,
    );
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw fail(cause);
  }
  const text = await response.text();
  let body: { data?: { _service?: { sdl?: unknown } | null } | null; errors?: { message?: string }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw fail(`HTTP ${response.status} with a body that is not JSON`);
  }
  const sdl = body.data?._service?.sdl;
  if (typeof sdl === 'string') return sdl;
  const message = body.errors?.[0]?.message;
  throw fail(
    message
      ? `${message} (is it a federation subgraph? it must serve _service { sdl })`
      : `HTTP ${response.status} without _service { sdl }`,
  );
}
