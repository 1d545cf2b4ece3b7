import type { TokenInfo } from '../api-types.js';
import { looksLikeJwt, verifyOidcAccessToken, type OidcIdentity } from '../auth/verify-oidc-token.js';
import { RegistryErrors } from '../errors.js';
import { findActiveTokenByHash } from '../storage/repositories/tokens.js';
import type { RegistryContext } from './registry-context.js';
import { hashTokenSecret } from './token-secrets.js';

/** Who is calling: an active registry token, or an access token of the trusted OpenID issuer (`oidc` set). */
export type Principal = TokenInfo & { readonly oidc?: OidcIdentity };

const BEARER = /^Bearer +(\S+)\s*$/i;

/**
 * Resolves `Authorization: Bearer <token>` to its active token, or throws UNAUTHENTICATED. With OIDC sign-in
 * configured, a JWT is verified as an access token of the trusted issuer instead (auth/verify-oidc-token.ts);
 * registry tokens are never JWTs.
 */
export async function authenticate(
  ctx: RegistryContext,
  authorization: string | undefined,
): Promise<Principal> {
  const secret = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (!secret) throw RegistryErrors.UNAUTHENTICATED.create();
  if (ctx.oidc !== undefined && looksLikeJwt(secret)) return verifyOidcAccessToken(ctx.oidc, secret);
  const token = await findActiveTokenByHash(ctx.db, hashTokenSecret(secret));
  if (!token) throw RegistryErrors.UNAUTHENTICATED.create();
  return token;
}
