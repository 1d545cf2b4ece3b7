/** Translates a Node request into Apollo Server's `HTTPGraphQLRequest`. */
import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { IncomingHttpHeaders } from 'node:http';
import { HubErrors } from '../errors.js';

export function toHeaderMap(headers: IncomingHttpHeaders): HeaderMap {
  const map = new HeaderMap();
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) map.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return essence === 'application/json' || (essence?.endsWith('+json') ?? false);
}

/**
 * JSON bodies are parsed here (BAD_REQUEST when they are not JSON). Other content types are passed through
 * as text, so Apollo's CSRF prevention and content-type checks answer them exactly as they would anywhere.
 */
export function parseBody(contentType: string | undefined, text: string): unknown {
  if (text.length === 0) return undefined;
  if (!isJson(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw HubErrors.BAD_REQUEST.create({ reason: 'the body is not valid JSON' });
  }
}

export function toHTTPGraphQLRequest(
  method: string,
  headers: IncomingHttpHeaders,
  search: string,
  body: unknown,
): HTTPGraphQLRequest {
  return { method, headers: toHeaderMap(headers), search, body };
}
