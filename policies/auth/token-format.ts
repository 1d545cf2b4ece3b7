/**
 * Tells a JWT access token from an opaque one without verifying anything, and reads the unverified `iss` used
 * to pick the issuer whose keys then verify it. Pure: no Node or Apollo.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';

export type TokenFormat =
  | { readonly kind: 'jwt'; readonly unverifiedIssuer: string | undefined }
  | { readonly kind: 'opaque' }
  | { readonly kind: 'malformed'; readonly reason: string };

export function classifyToken(token: string): TokenFormat {
  const segments = token.split('.').length;
  if (segments === 1) return { kind: 'opaque' };
  if (segments === 5) return { kind: 'malformed', reason: 'Encrypted access tokens are not supported' };
  if (segments !== 3) return { kind: 'malformed', reason: 'The access token is malformed' };
  try {
    decodeProtectedHeader(token);
    const { iss } = decodeJwt(token);
    return { kind: 'jwt', unverifiedIssuer: iss };
  } catch {
    return { kind: 'malformed', reason: 'The access token is malformed' };
  }
}
