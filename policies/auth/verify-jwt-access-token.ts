/**
 * Verifies a JWT access token (RFC 9068) with the keys of the issuer its `iss` names: signature, algorithm
 * allowlist, `iss`, `aud`, `exp`/`nbf`/`iat` with leeway, `typ: at+jwt`, and no ID-token claims.
 * Throws `IssuerUnavailableError` when the issuer's keys cannot be had; every other failure is a value.
 */
import { errors, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { IssuerConnection } from './issuer-connection.js';
import { describeJoseFailure } from './jose-failure.js';
import { buildPrincipal } from './principal.js';
import { ID_TOKEN_CLAIMS, invalid, REASONS, type TokenCheck } from './token-check.js';

export async function verifyJwtAccessToken(token: string, connection: IssuerConnection): Promise<TokenCheck> {
  const { options } = connection;
  const verifyOptions: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: options.algorithms,
    clockTolerance: options.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub'],
  };
  if (options.requireAccessTokenType) verifyOptions.typ = 'at+jwt';

  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(token, connection.getKey, verifyOptions));
  } catch (error) {
    if (error instanceof errors.JOSEError) return invalid(describeJoseFailure(error));
    throw error;
  }

  if (ID_TOKEN_CLAIMS.some((claim) => claim in claims)) return invalid(REASONS.idToken);
  if ('cnf' in claims) return invalid(REASONS.senderConstrained);
  const principal = buildPrincipal({ claims, issuer: options.issuer, scopeClaim: options.scopeClaim });
  return principal === undefined ? invalid(REASONS.noSubject) : { kind: 'valid', principal };
}
