import type { TokenInfo, TokenRole } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import {
  findTokenByHash,
  hasActiveAdmin,
  insertToken,
  listTokens,
  revokeToken as revokeTokenRow,
} from '../storage/repositories/tokens.js';
import type { RegistryContext } from './registry-context.js';
import { generateTokenSecret, hashTokenSecret, newTokenId } from './token-secrets.js';

/** Advisory lock key that keeps two registries starting together from both creating a first admin. */
const BOOTSTRAP_LOCK_KEY = 7_310_415_002;

export interface CreateTokenInput {
  name: string;
  role: TokenRole;
  subgraphs: string[] | null;
  graphs: string[] | null;
  team: string | null;
}

export async function createToken(
  ctx: RegistryContext,
  input: CreateTokenInput,
): Promise<{ token: TokenInfo; secret: string }> {
  const secret = generateTokenSecret();
  const token = await insertToken(ctx.db, { id: newTokenId(), ...input, tokenHash: hashTokenSecret(secret) });
  return { token, secret };
}

export function listAllTokens(ctx: RegistryContext): Promise<TokenInfo[]> {
  return listTokens(ctx.db);
}

export async function revokeToken(ctx: RegistryContext, id: string): Promise<TokenInfo> {
  const token = await revokeTokenRow(ctx.db, id);
  if (!token) throw RegistryErrors.TOKEN_NOT_FOUND.create({ id });
  return token;
}

/**
 * Makes sure an admin can log in. With `adminToken` (ATRIUM_ADMIN_TOKEN) that token exists as an active
 * admin and nothing secret is returned: it is created on the first start with it; a revoked token stays revoked and
 * another token's secret is never made an admin, so the registry refuses to start with ADMIN_TOKEN_UNUSABLE (logged
 * as fatal). Without it, a first admin is created when no active admin exists, and its secret is returned once so
 * the caller can print it. Returns the new secret or `null`.
 */
export async function ensureAdminToken(ctx: RegistryContext, adminToken?: string): Promise<string | null> {
  return ctx.db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    if (adminToken !== undefined) {
      const tokenHash = hashTokenSecret(adminToken);
      const existing = await findTokenByHash(tx, tokenHash);
      if (!existing) {
        await insertToken(tx, {
          id: newTokenId(),
          name: 'admin (ATRIUM_ADMIN_TOKEN)',
          role: 'admin',
          subgraphs: null,
          graphs: null,
          team: null,
          tokenHash,
        });
      } else if (existing.revokedAt !== null || existing.role !== 'admin') {
        const error = RegistryErrors.ADMIN_TOKEN_UNUSABLE.create({
          tokenId: existing.id,
          tokenName: existing.name,
          role: existing.role,
          problem: existing.revokedAt !== null ? 'revoked' : 'not-admin',
          revokedAt: existing.revokedAt,
        });
        ctx.logger?.fatal({ code: error.code, tokenId: existing.id }, error.message);
        throw error;
      }
      return null;
    }
    if (await hasActiveAdmin(tx)) return null;
    const secret = generateTokenSecret();
    await insertToken(tx, {
      id: newTokenId(),
      name: 'initial-admin',
      role: 'admin',
      subgraphs: null,
      graphs: null,
      team: null,
      tokenHash: hashTokenSecret(secret),
    });
    return secret;
  });
}
