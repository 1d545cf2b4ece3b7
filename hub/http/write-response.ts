import type { HTTPGraphQLResponse } from '@apollo/server';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { HubErrors, type HubError } from '../errors.js';

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

/** UTF-8 size of `text` without encoding it when its length alone decides (at most 3 bytes per UTF-16 unit). */
function exceeds(text: string, limitBytes: number): boolean {
  if (text.length > limitBytes) return true;
  if (text.length * 3 <= limitBytes) return false;
  return Buffer.byteLength(text, 'utf8') > limitBytes;
}

/** Bodies at least this long are encoded once for consecutive identical answers. */
const REUSED_AT_LEAST = 16 * 1024;
let last: { readonly text: string; readonly bytes: Buffer } | undefined;

/**
 * The body as bytes: an answer identical to the previous large one (requests that shared an execution, a hot
 * query) reuses its encoding instead of encoding 100 KB again; a different one costs the encoding `end` would do
 * anyway, plus a comparison that stops at the first differing character.
 */
function encoded(text: string): string | Buffer {
  if (text.length < REUSED_AT_LEAST) return text;
  if (last !== undefined && last.text === text) return last.bytes;
  last = { text, bytes: Buffer.from(text, 'utf8') };
  return last.bytes;
}

/**
 * Writes Apollo's response, at most `limitBytes` of body. A complete body over the limit is answered
 * RESPONSE_TOO_LARGE instead (returns false); an incremental one that grows past it once its head is sent can
 * only be cut: the error thrown makes the caller close the connection.
 */
export async function writeGraphQLResponse(
  res: ServerResponse,
  response: HTTPGraphQLResponse,
  limitBytes: number,
): Promise<boolean> {
  if (response.body.kind === 'complete' && exceeds(response.body.string, limitBytes)) {
    writeHubError(res, HubErrors.RESPONSE_TOO_LARGE.create({ limitBytes }));
    return false;
  }
  res.statusCode = response.status ?? 200;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === 'complete') {
    res.end(encoded(response.body.string));
    return true;
  }
  let written = 0;
  for await (const chunk of response.body.asyncIterator) {
    written += Buffer.byteLength(chunk, 'utf8');
    if (written > limitBytes) throw HubErrors.RESPONSE_TOO_LARGE.create({ limitBytes });
    if (!res.write(chunk)) await once(res, 'drain');
  }
  res.end();
  return true;
}
