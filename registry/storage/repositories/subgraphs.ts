import type { Subgraph, SubgraphWithSdl } from '../../api-types.js';
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

interface RawSubgraph {
  name: string;
  identity: string;
  routing_url: string;
  sdl_hash: string;
  updated_at: Date;
  published_by: string;
  owner_team: string | null;
  owner_contact: string | null;
  sdl: string;
}

function toSubgraph(row: RawSubgraph): SubgraphWithSdl {
  return {
    name: row.name,
    identity: row.identity,
    routingUrl: row.routing_url,
    sdlHash: row.sdl_hash,
    updatedAt: toIso(row.updated_at),
    publishedBy: row.published_by,
    ownerTeam: row.owner_team,
    ownerContact: row.owner_contact,
    sdl: row.sdl,
  };
}

const SELECT_SUBGRAPHS = `SELECT s.name, s.identity, s.routing_url, s.sdl_hash, s.updated_at, s.published_by, s.owner_team, s.owner_contact, sc.sdl
  FROM subgraphs s JOIN schemas sc ON sc.hash = s.sdl_hash`;

/** The current subgraphs of a variant with their SDL, sorted by name. */
export async function listCurrentSubgraphs(db: Queryable, variantId: number): Promise<SubgraphWithSdl[]> {
  const rows = await db.query<RawSubgraph>(
    `${SELECT_SUBGRAPHS} WHERE s.variant_id = $1 ORDER BY s.name COLLATE "C"`,
    [variantId],
  );
  return rows.map(toSubgraph);
}

export async function findCurrentSubgraph(
  db: Queryable,
  variantId: number,
  name: string,
): Promise<SubgraphWithSdl | null> {
  const rows = await db.query<RawSubgraph>(`${SELECT_SUBGRAPHS} WHERE s.variant_id = $1 AND s.name = $2`, [
    variantId,
    name,
  ]);
  return rows[0] ? toSubgraph(rows[0]) : null;
}

export function withoutSdl({ sdl: _sdl, ...subgraph }: SubgraphWithSdl): Subgraph {
  return subgraph;
}

export interface SubgraphWrite {
  variantId: number;
  name: string;
  routingUrl: string;
  sdlHash: string;
  publishedBy: string;
  ownerTeam: string | null;
  ownerContact: string | null;
}

export async function upsertSubgraph(db: Queryable, write: SubgraphWrite): Promise<void> {
  await db.query(
    `INSERT INTO subgraphs (variant_id, name, routing_url, sdl_hash, published_by, owner_team, owner_contact, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp())
     ON CONFLICT (variant_id, name) DO UPDATE
       SET routing_url = EXCLUDED.routing_url, sdl_hash = EXCLUDED.sdl_hash,
           published_by = EXCLUDED.published_by, owner_team = EXCLUDED.owner_team,
           owner_contact = EXCLUDED.owner_contact, updated_at = EXCLUDED.updated_at`,
    [
      write.variantId,
      write.name,
      write.routingUrl,
      write.sdlHash,
      write.publishedBy,
      write.ownerTeam,
      write.ownerContact,
    ],
  );
}

export async function setSubgraphOwner(
  db: Queryable,
  variantId: number,
  name: string,
  owner: { team: string | null; contact: string | null },
): Promise<void> {
  await db.query(
    'UPDATE subgraphs SET owner_team = $3, owner_contact = $4 WHERE variant_id = $1 AND name = $2',
    [variantId, name, owner.team, owner.contact],
  );
}

export async function deleteSubgraph(db: Queryable, variantId: number, name: string): Promise<void> {
  await db.query('DELETE FROM subgraphs WHERE variant_id = $1 AND name = $2', [variantId, name]);
}

export interface RevisionWrite {
  variantId: number;
  name: string;
  action: 'publish' | 'delete';
  routingUrl: string | null;
  sdlHash: string | null;
  supergraphVersion: number | null;
  publishedBy: string;
}

/** Appends one row to the subgraph's history. */
export async function insertRevision(db: Queryable, revision: RevisionWrite): Promise<void> {
  await db.query(
    `INSERT INTO subgraph_revisions
       (variant_id, name, action, routing_url, sdl_hash, supergraph_version, published_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp())`,
    [
      revision.variantId,
      revision.name,
      revision.action,
      revision.routingUrl,
      revision.sdlHash,
      revision.supergraphVersion,
      revision.publishedBy,
    ],
  );
}

/** The names of the variant's current subgraphs, sorted. */
export async function listSubgraphNames(db: Queryable, variantId: number): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    'SELECT name FROM subgraphs WHERE variant_id = $1 ORDER BY name COLLATE "C"',
    [variantId],
  );
  return rows.map((row) => row.name);
}
