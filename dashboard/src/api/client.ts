import type { ApiErrorBody } from './types';

/** A registry answer that was not 2xx: its stable code and message (docs/errors.md). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls the registry this page came from. The token travels only in the Authorization header: never in a URL,
 * a cookie or browser storage (docs/dashboard.md).
 */
export async function callRegistry<T>(
  token: string,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    credentials: 'omit',
    cache: 'no-store',
  });
  const text = await response.text();
  const body: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const error = (body ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError(response.status, error.code ?? 'HTTP_ERROR', error.message ?? response.statusText);
  }
  return body as T;
}

/** `/v1/graphs/shop/variants/dev` with each part percent-encoded. */
export function variantPath(graph: string, variant: string): string {
  return `/v1/graphs/${encodeURIComponent(graph)}/variants/${encodeURIComponent(variant)}`;
}
