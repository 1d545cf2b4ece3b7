/**
 * The query text of an HTTP GraphQL request, before Apollo Server reads it: `query` of a JSON POST body, or of
 * the query string of a GET. `undefined` when there is none (a persisted-query hash alone, a malformed
 * request: Apollo answers those). Pure: no Node or Apollo.
 */
export interface HttpRequestParts {
  readonly method: string;
  readonly search: string;
  readonly body: unknown;
}

export function queryTextOf({ method, search, body }: HttpRequestParts): string | undefined {
  if (method === 'GET') return new URLSearchParams(search).get('query') ?? undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const query = (body as Record<string, unknown>)['query'];
  return typeof query === 'string' ? query : undefined;
}
