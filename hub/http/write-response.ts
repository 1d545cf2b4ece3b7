import type { HTTPGraphQLResponse } from '@apollo/server';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { HubError } from '../errors.js';

export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/**
 * A hub error as a GraphQL-shaped body: `{ errors: [{ message, extensions: { code, … } }] }`, with the headers
 * its catalogue entry gives (`error.headers`) and any extra ones.
 */
export function writeHubError(
  res: ServerResponse,
  error: HubError,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries({ ...error.headers, ...headers })) res.setHeader(name, value);
  const { http: _http, ...extensions } = error.extensions;
  writeJson(res, error.status ?? 500, { errors: [{ message: error.message, extensions }] });
}

export async function writeGraphQLResponse(
  res: ServerResponse,
  response: HTTPGraphQLResponse,
): Promise<void> {
  res.statusCode = response.status ?? 200;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) {
    if (!res.write(chunk)) await once(res, 'drain');
  }
  res.end();
}
