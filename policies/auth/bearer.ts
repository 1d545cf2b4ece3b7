/**
 * Reads the access token from an `Authorization` header value (RFC 6750 §2.1). Pure: no Node or Apollo.
 *
 * The header must be exactly `Bearer <b64token>`: the scheme is case-insensitive, one or more spaces separate it
 * from the token, and the token uses the b64token alphabet. Anything else (another scheme, a missing token,
 * several credentials, stray characters) is `malformed`, never silently treated as anonymous. An oversized
 * header is refused before any parsing.
 */

export type BearerExtraction =
  | { readonly kind: 'missing' }
  | { readonly kind: 'oversized' }
  | { readonly kind: 'malformed'; readonly reason: string }
  | { readonly kind: 'token'; readonly token: string };

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Room for the scheme and the separating spaces on top of the token itself. */
const SCHEME_ALLOWANCE = 32;

export function extractBearerToken(header: string | undefined, maxTokenBytes: number): BearerExtraction {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  // Checked on the raw header first so a huge value is never run through the regular expression.
  if (header.length > maxTokenBytes + SCHEME_ALLOWANCE) return { kind: 'oversized' };
  const match = BEARER.exec(header);
  const token = match?.[1];
  if (token === undefined) {
    return /^Bearer(\s|$)/i.test(header)
      ? { kind: 'malformed', reason: 'The Bearer credentials are malformed' }
      : { kind: 'malformed', reason: 'The Authorization header must use the Bearer scheme' };
  }
  // The b64token alphabet is ASCII, so the string length is the byte length.
  if (token.length > maxTokenBytes) return { kind: 'oversized' };
  return { kind: 'token', token };
}
