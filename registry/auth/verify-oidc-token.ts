/**
 * Verifies an access token of the trusted issuer (a JWT): signature with the issuer's keys, algorithm allowlist,
 * `iss`, `aud`, `exp`/`nbf`/`iat` with a small leeway, a subject, and no ID-token claims; then maps its claims to a
 * registry role (oidc-claims.ts). Every failure is a RegistryError with a stable code: 401 for a bad token, 403
 * OIDC_NO_ROLE for a good token that maps to no role, 503 OIDC_ISSUER_UNAVAILABLE when the keys cannot be had.
 */
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { TokenInfo } from '../api-types.js';
import { RegistryErrors, type RegistryError } from '../errors.js';
import { mapClaims } from './oidc-claims.js';
import { IssuerUnavailableError, type OidcIssuer } from './oidc-issuer.js';

/** Claims only ID tokens carry: an ID token is not an access token. */
const ID_TOKEN_CLAIMS: readonly string[] = ['nonce', 'at_hash', 'c_hash'];

export interface OidcIdentity {
  readonly subject: string;
  readonly issuer: string;
  /** When the access token expires (ISO 8601). */
  readonly expiresAt: string;
}

/** A caller signed in through the issuer: a principal like a token's, with the OIDC subject and issuer. */
export type OidcPrincipal = TokenInfo & { readonly oidc: OidcIdentity };

/**
 * Whether the bearer credential is shaped like a JWT (three base64url parts, the first a JSON object: `eyJ`),
 * not a registry token (`atr_…`, or an ATRIUM_ADMIN_TOKEN of the operator's choosing).
 */
export function looksLikeJwt(credential: string): boolean {
  return credential.startsWith('eyJ') && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(credential);
}

export async function verifyOidcAccessToken(issuer: OidcIssuer, token: string): Promise<OidcPrincipal> {
  const { options } = issuer;
  let unverified: JWTPayload;
  try {
    const header = decodeProtectedHeader(token);
    if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none')
      throw RegistryErrors.OIDC_TOKEN_INVALID.create({ reason: 'unsigned' });
    unverified = decodeJwt(token);
  } catch (error) {
    if (error instanceof errors.JOSEError)
      throw RegistryErrors.OIDC_TOKEN_INVALID.create({ reason: 'malformed' });
    throw error;
  }
  // Checked before any key is fetched: a token of another issuer never makes the registry call ours.
  if (unverified.iss !== options.issuer) throw RegistryErrors.OIDC_TOKEN_WRONG_ISSUER.create();

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, issuer.getKey, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: options.algorithms,
      clockTolerance: options.clockToleranceSeconds,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    throw toRegistryError(error);
  }
  if (ID_TOKEN_CLAIMS.some((claim) => claim in claims))
    throw RegistryErrors.OIDC_TOKEN_INVALID.create({ reason: 'id-token' });
  const subject = claims.sub ?? '';
  const mapped = mapClaims(claims, options);
  if (mapped === null) throw RegistryErrors.OIDC_NO_ROLE.create({ subject, roleClaim: options.roleClaim });
  const name = `oidc:${subject}`;
  return {
    id: name,
    name,
    role: mapped.role,
    team: mapped.team,
    graphs: mapped.graphs,
    subgraphs: null,
    createdAt: new Date((claims.iat ?? 0) * 1000).toISOString(),
    revokedAt: null,
    oidc: {
      subject,
      issuer: options.issuer,
      expiresAt: new Date((claims.exp ?? 0) * 1000).toISOString(),
    },
  };
}

function toRegistryError(error: unknown): RegistryError {
  if (error instanceof IssuerUnavailableError) return RegistryErrors.OIDC_ISSUER_UNAVAILABLE.create();
  if (!(error instanceof errors.JOSEError)) throw error;
  if (error instanceof errors.JWTExpired) return RegistryErrors.OIDC_TOKEN_EXPIRED.create();
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return RegistryErrors.OIDC_TOKEN_WRONG_AUDIENCE.create();
    if (error.claim === 'iss') return RegistryErrors.OIDC_TOKEN_WRONG_ISSUER.create();
    if (error.claim === 'nbf') return RegistryErrors.OIDC_TOKEN_INVALID.create({ reason: 'not-yet-valid' });
    return RegistryErrors.OIDC_TOKEN_INVALID.create({ reason: 'claims' });
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return RegistryErrors.OIDC_TOKEN_INVALID.create({ reason: 'algorithm' });
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return RegistryErrors.OIDC_TOKEN_INVALID.create({ reason: 'signature' });
  if (error instanceof errors.JWKSNoMatchingKey)
    return RegistryErrors.OIDC_TOKEN_INVALID.create({ reason: 'unknown-key' });
  return RegistryErrors.OIDC_TOKEN_INVALID.create({ reason: 'malformed' });
}
