import type { TokenInfo, TokenRole } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import { appendRegistryAudit } from '../storage/repositories/registry-audit.js';
import {
  countActiveAdmins,
  findActiveTokensByName,
  findTokenById,
  findTokenByHash,
  hasActiveAdmin,
  insertToken,
  listTokens,
  revokeToken as revokeTokenRow,
} from '../storage/repositories/tokens.js';
import type { Principal } from './authentication.js';
import type { Queryable } from '../storage/database.js';
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

/**
 * Revokes a token named by its id, or by its name when no token has that id (TOKEN_NAME_AMBIGUOUS when several
 * active tokens share it). The last active admin token is revoked only with `confirm` repeating its id or name
 * (409 LAST_ADMIN_TOKEN otherwise): nobody could manage the registry afterwards. Serialized with the first-admin
 * bootstrap, so two revocations cannot both leave "another admin". Audited registry-wide (`token.revoked`).
 * Revoking a revoked token changes nothing and answers it.
 */
export async function revokeToken(
  ctx: RegistryContext,
  input: { idOrName: string; confirm: string | undefined; principal: Principal },
): Promise<TokenInfo> {
  return ctx.db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const target = await resolveToken(tx, input.idOrName);
    if (target.revokedAt !== null) return target;
    if (target.role === 'admin' && (await countActiveAdmins(tx)) <= 1) {
      const confirmed = input.confirm !== undefined && [target.id, target.name].includes(input.confirm);
      if (!confirmed) throw RegistryErrors.LAST_ADMIN_TOKEN.create({ id: target.id, name: target.name });
    }
    const token = await revokeTokenRow(tx, target.id);
    if (!token) throw RegistryErrors.TOKEN_NOT_FOUND.create({ id: input.idOrName });
    await appendRegistryAudit(tx, {
      action: 'token.revoked',
      graph: null,
      variant: null,
      actor: input.principal.name,
      reason: null,
      details: { tokenId: token.id, tokenName: token.name, role: token.role },
    });
    return token;
  });
}

async function resolveToken(db: Queryable, idOrName: string): Promise<TokenInfo> {
  const byId = await findTokenById(db, idOrName);
  if (byId) return byId;
  const byName = await findActiveTokensByName(db, idOrName);
  const [only] = byName;
  if (only && byName.length === 1) return only;
  if (byName.length > 1) {
    throw RegistryErrors.TOKEN_NAME_AMBIGUOUS.create({ name: idOrName, ids: byName.map((t) => t.id) });
  }
  throw RegistryErrors.TOKEN_NOT_FOUND.create({ id: idOrName });
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
