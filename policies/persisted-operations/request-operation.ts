/**
 * What a GraphQL HTTP request says about its document, read before Apollo Server does: an id, from
 * `extensions.persistedQuery.sha256Hash` (Apollo's APQ shape) or `documentId` (GraphQL over HTTP), in a POST
 * body or the query string of a GET; and the `query` text. And how the policy rewrites it: the registered body
 * in `query`, the id fields removed (the hub turns Apollo's own APQ off while the policy runs). Pure: no Node.
 */
import type { HTTPGraphQLRequest } from '@apollo/server';

const HASH = /^[0-9a-f]{64}$/;

export type IdReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'id'; readonly hash: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface RequestOperation {
  readonly id: IdReading;
  readonly query: string | undefined;
}

/** `<hash>`, `sha256:<hash>` or `<client>~<version>~<hash>` (the client and version are labels, never trusted). */
export function parseDocumentId(text: string): IdReading {
  const parts = text.split('~');
  let hash = parts.length === 3 ? parts[2]! : text;
  if (hash.startsWith('sha256:')) hash = hash.slice('sha256:'.length);
  return HASH.test(hash)
    ? { kind: 'id', hash }
    : { kind: 'invalid', reason: 'expected a sha256 hex digest (64 lowercase hex digits)' };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function idOf(documentId: unknown, extensions: unknown): IdReading {
  const persisted = record(record(extensions)?.['persistedQuery']);
  if (persisted !== undefined) {
    const hash = persisted['sha256Hash'];
    if (typeof hash !== 'string')
      return { kind: 'invalid', reason: '`persistedQuery.sha256Hash` is not a string' };
    return parseDocumentId(hash);
  }
  if (documentId === undefined || documentId === null) return { kind: 'none' };
  if (typeof documentId !== 'string') return { kind: 'invalid', reason: '`documentId` is not a string' };
  return parseDocumentId(documentId);
}

function parsedJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // Apollo answers a malformed `extensions`
  }
}

export function readRequestOperation(http: HTTPGraphQLRequest): RequestOperation {
  if (http.method === 'GET') {
    const params = new URLSearchParams(http.search);
    return {
      id: idOf(params.get('documentId') ?? undefined, parsedJson(params.get('extensions'))),
      query: params.get('query') ?? undefined,
    };
  }
  const body = record(http.body);
  if (body === undefined) return { id: { kind: 'none' }, query: undefined };
  const query = body['query'];
  return {
    id: idOf(body['documentId'], body['extensions']),
    query: typeof query === 'string' ? query : undefined,
  };
}

/**
 * Puts `query` in the request in place of its id (or of the body sent), and removes the id fields, so Apollo
 * parses what the policy decided. The request object is the one Apollo reads right after the context is built.
 */
export function rewriteRequest(http: HTTPGraphQLRequest, query: string): void {
  if (http.method === 'GET') {
    const params = new URLSearchParams(http.search);
    params.set('query', query);
    params.delete('documentId');
    const extensions = record(parsedJson(params.get('extensions')));
    if (extensions !== undefined && 'persistedQuery' in extensions) {
      delete extensions['persistedQuery'];
      params.set('extensions', JSON.stringify(extensions));
    }
    http.search = params.toString();
    return;
  }
  const body = record(http.body);
  if (body === undefined) return;
  body['query'] = query;
  delete body['documentId'];
  const extensions = record(body['extensions']);
  if (extensions !== undefined && 'persistedQuery' in extensions) {
    const { persistedQuery: _removed, ...rest } = extensions;
    body['extensions'] = rest;
  }
}
