import type { TokenInfo } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import { findActiveTokenByHash } from '../storage/repositories/tokens.js';
import type { RegistryContext } from './registry-context.js';
import { hashTokenSecret } from './token-secrets.js';

/** Who is calling: an active token. */
export type Principal = TokenInfo;

const BEARER = /^Bearer +(\S+)\s*$/i;

/** Resolves `Authorization: Bearer <token>` to its active token, or throws UNAUTHENTICATED. */
export async function authenticate(
  ctx: RegistryContext,
  authorization: string | undefined,
): Promise<Principal> {
  const secret = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (!secret) throw RegistryErrors.UNAUTHENTICATED.create();
  const token = await findActiveTokenByHash(ctx.db, hashTokenSecret(secret));
  if (!token) throw RegistryErrors.UNAUTHENTICATED.create();
  return token;
}
