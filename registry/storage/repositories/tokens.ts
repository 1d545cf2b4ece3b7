import type { TokenInfo, TokenRole } from '../../api-types.js';
import type { Queryable } from '../database.js';
import { toIso, toIsoOrNull } from './timestamps.js';

interface RawToken {
  id: string;
  name: string;
  role: TokenRole;
  subgraphs: string[] | null;
  graphs: string[] | null;
  team: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

const TOKEN_COLUMNS = 'id, name, role, subgraphs, graphs, team, created_at, revoked_at';

function toToken(row: RawToken): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    subgraphs: row.subgraphs,
    graphs: row.graphs,
    team: row.team,
    createdAt: toIso(row.created_at),
    revokedAt: toIsoOrNull(row.revoked_at),
  };
}

export interface TokenWrite {
  id: string;
  name: string;
  role: TokenRole;
  subgraphs: string[] | null;
  graphs: string[] | null;
  team: string | null;
  tokenHash: string;
}

export async function insertToken(db: Queryable, token: TokenWrite): Promise<TokenInfo> {
  const rows = await db.query<RawToken>(
    `INSERT INTO tokens (id, name, role, subgraphs, graphs, team, token_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp()) RETURNING ${TOKEN_COLUMNS}`,
    [token.id, token.name, token.role, token.subgraphs, token.graphs, token.team, token.tokenHash],
  );
  const row = rows[0];
  if (!row) throw new Error('inserting a token returned no row');
  return toToken(row);
}

/** The active (not revoked) token with this secret hash. */
export async function findActiveTokenByHash(db: Queryable, tokenHash: string): Promise<TokenInfo | null> {
  const rows = await db.query<RawToken>(
    `SELECT ${TOKEN_COLUMNS} FROM tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
    [tokenHash],
  );
  return rows[0] ? toToken(rows[0]) : null;
}

export async function findTokenByHash(db: Queryable, tokenHash: string): Promise<TokenInfo | null> {
  const rows = await db.query<RawToken>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE token_hash = $1`, [
    tokenHash,
  ]);
  return rows[0] ? toToken(rows[0]) : null;
}

export async function listTokens(db: Queryable): Promise<TokenInfo[]> {
  const rows = await db.query<RawToken>(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY created_at, id`);
  return rows.map(toToken);
}

export async function hasActiveAdmin(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ found: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM tokens WHERE role = 'admin' AND revoked_at IS NULL) AS found",
  );
  return rows[0]?.found === true;
}

/** Revokes the token (keeping the first revocation time); `null` when no token has this id. */
export async function revokeToken(db: Queryable, id: string): Promise<TokenInfo | null> {
  const rows = await db.query<RawToken>(
    `UPDATE tokens SET revoked_at = COALESCE(revoked_at, clock_timestamp()) WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`,
    [id],
  );
  return rows[0] ? toToken(rows[0]) : null;
}

export async function findTokenById(db: Queryable, id: string): Promise<TokenInfo | null> {
  const rows = await db.query<RawToken>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE id = $1`, [id]);
  return rows[0] ? toToken(rows[0]) : null;
}

/** Active tokens with this name (names are not unique), oldest first. */
export async function findActiveTokensByName(db: Queryable, name: string): Promise<TokenInfo[]> {
  const rows = await db.query<RawToken>(
    `SELECT ${TOKEN_COLUMNS} FROM tokens WHERE name = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
    [name],
  );
  return rows.map(toToken);
}

export async function countActiveAdmins(db: Queryable): Promise<number> {
  const rows = await db.query<{ count: string | number }>(
    "SELECT count(*) AS count FROM tokens WHERE role = 'admin' AND revoked_at IS NULL",
  );
  return Number(rows[0]?.count ?? 0);
}
