import type {
  ChangelogEntry,
  GitContext,
  SubgraphSnapshot,
  SupergraphVersion,
  VersionChange,
  VersionSummary,
} from '../../api-types.js';
import type { ReportedChange } from '../../checks/check-report.js';
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

interface RawVersion {
  version: number;
  hash: string;
  created_at: Date;
  published_by: string;
  change: VersionChange;
  subgraphs: SubgraphSnapshot[];
  git: GitContext | null;
  sdl?: string;
}

function toSummary(row: RawVersion): VersionSummary {
  return {
    version: row.version,
    hash: row.hash,
    createdAt: toIso(row.created_at),
    publishedBy: row.published_by,
    change: row.change,
    subgraphs: row.subgraphs,
    git: row.git,
  };
}

const SUMMARY_COLUMNS = 'version, hash, created_at, published_by, change, subgraphs, git';

export async function findVersion(
  db: Queryable,
  variantId: number,
  version: number,
): Promise<SupergraphVersion | null> {
  const rows = await db.query<RawVersion & { sdl: string }>(
    `SELECT ${SUMMARY_COLUMNS}, sdl FROM supergraph_versions WHERE variant_id = $1 AND version = $2`,
    [variantId, version],
  );
  const row = rows[0];
  return row ? { ...toSummary(row), supergraphSdl: row.sdl } : null;
}

export async function findVersionSummary(
  db: Queryable,
  variantId: number,
  version: number,
): Promise<VersionSummary | null> {
  const rows = await db.query<RawVersion>(
    `SELECT ${SUMMARY_COLUMNS} FROM supergraph_versions WHERE variant_id = $1 AND version = $2`,
    [variantId, version],
  );
  return rows[0] ? toSummary(rows[0]) : null;
}

/** Every version of the variant, newest first. */
export async function listVersions(db: Queryable, variantId: number): Promise<VersionSummary[]> {
  const rows = await db.query<RawVersion>(
    `SELECT ${SUMMARY_COLUMNS} FROM supergraph_versions WHERE variant_id = $1 ORDER BY version DESC`,
    [variantId],
  );
  return rows.map(toSummary);
}

export interface VersionWrite {
  variantId: number;
  hash: string;
  sdl: string;
  publishedBy: string;
  change: VersionChange;
  subgraphs: SubgraphSnapshot[];
  /** The classified API-schema changes from the previous current version; default none. */
  changelog?: readonly ReportedChange[];
  /** The git context of the write; default none. */
  git?: GitContext | null;
}

/** Inserts the next version (highest + 1). Call under the variant lock so numbers stay contiguous. */
export async function insertNextVersion(db: Queryable, write: VersionWrite): Promise<VersionSummary> {
  const rows = await db.query<RawVersion>(
    `INSERT INTO supergraph_versions
       (variant_id, version, hash, sdl, published_by, change, subgraphs, changelog, git, created_at)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb,
            clock_timestamp()
       FROM supergraph_versions WHERE variant_id = $1
     RETURNING ${SUMMARY_COLUMNS}`,
    [
      write.variantId,
      write.hash,
      write.sdl,
      write.publishedBy,
      JSON.stringify(write.change),
      JSON.stringify(write.subgraphs),
      JSON.stringify(write.changelog ?? []),
      write.git ? JSON.stringify(write.git) : null,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('inserting a supergraph version returned no row');
  return toSummary(row);
}

/** The changelog of each version, newest first; only versions after `sinceVersion` and at or after `sinceDate`. */
export async function listChangelog(
  db: Queryable,
  variantId: number,
  since: { version?: number | undefined; date?: string | undefined },
): Promise<ChangelogEntry[]> {
  const rows = await db.query<{
    version: number;
    created_at: Date;
    published_by: string;
    change: VersionChange;
    changelog: ReportedChange[];
    git: GitContext | null;
  }>(
    `SELECT version, created_at, published_by, change, changelog, git FROM supergraph_versions
      WHERE variant_id = $1 AND version > $2 AND created_at >= $3::timestamptz
      ORDER BY version DESC`,
    [variantId, since.version ?? 0, since.date ?? '-infinity'],
  );
  return rows.map((row) => ({
    version: row.version,
    createdAt: toIso(row.created_at),
    publishedBy: row.published_by,
    change: row.change,
    changes: row.changelog,
    git: row.git,
  }));
}

/** When `coordinate` was first deprecated, from the changelogs (`DEPRECATION_ADDED`); `null` if none says. */
export async function findDeprecationDate(
  db: Queryable,
  variantId: number,
  coordinate: string,
): Promise<Date | null> {
  const rows = await db.query<{ created_at: Date }>(
    `SELECT created_at FROM supergraph_versions
      WHERE variant_id = $1 AND changelog @> $2::jsonb
      ORDER BY version DESC LIMIT 1`,
    [variantId, JSON.stringify([{ code: 'DEPRECATION_ADDED', coordinate }])],
  );
  return rows[0] ? new Date(rows[0].created_at) : null;
}
