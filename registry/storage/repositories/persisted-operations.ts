import type { ClientVersionStatus, OperationType, PersistedOperation } from '../../api-types.js';
import type { Queryable } from '../database.js';
import { toIso, toIsoOrNull } from './timestamps.js';

/** A client version of a variant, as stored (names of graph and variant are the service's). */
export interface StoredClientVersion {
  client: string;
  version: string;
  status: ClientVersionStatus;
  operationCount: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  retiredBy: string | null;
  retiredAt: string | null;
  retireReason: string | null;
}

export interface ClientVersionKey {
  variantId: number;
  client: string;
  version: string;
}

interface RawClientVersion {
  client_id: string;
  version: string;
  status: ClientVersionStatus;
  operation_count: number | string;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
  retired_by: string | null;
  retired_at: Date | null;
  retire_reason: string | null;
}

const VERSION_COLUMNS = `v.client_id, v.version, v.status, v.created_by, v.created_at, v.updated_by, v.updated_at,
  v.retired_by, v.retired_at, v.retire_reason,
  (SELECT count(*) FROM client_version_operations o
    WHERE o.variant_id = v.variant_id AND o.client_id = v.client_id AND o.version = v.version) AS operation_count`;

function toVersion(row: RawClientVersion): StoredClientVersion {
  return {
    client: row.client_id,
    version: row.version,
    status: row.status,
    operationCount: Number(row.operation_count),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: toIso(row.updated_at),
    retiredBy: row.retired_by,
    retiredAt: toIsoOrNull(row.retired_at),
    retireReason: row.retire_reason,
  };
}

/** Stores documents not stored yet (the id is the content hash: an existing row holds the same body). */
export async function insertOperationDocuments(
  db: Queryable,
  graphId: number,
  operations: readonly PersistedOperation[],
): Promise<void> {
  if (operations.length === 0) return;
  await db.query(
    `INSERT INTO operation_documents (graph_id, id, body, name, type)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (graph_id, id) DO NOTHING`,
    [
      graphId,
      operations.map((o) => o.id),
      operations.map((o) => o.body),
      operations.map((o) => o.name),
      operations.map((o) => o.type),
    ],
  );
}

export async function findClientVersion(
  db: Queryable,
  key: ClientVersionKey,
  forUpdate = false,
): Promise<StoredClientVersion | null> {
  const rows = await db.query<RawClientVersion>(
    `SELECT ${VERSION_COLUMNS} FROM client_versions v
      WHERE v.variant_id = $1 AND v.client_id = $2 AND v.version = $3${forUpdate ? ' FOR UPDATE' : ''}`,
    [key.variantId, key.client, key.version],
  );
  return rows[0] ? toVersion(rows[0]) : null;
}

/** Creates an active version; `false` when it exists already. */
export async function insertClientVersion(
  db: Queryable,
  key: ClientVersionKey,
  graphId: number,
  actor: string,
): Promise<boolean> {
  const rows = await db.query<{ version: string }>(
    `INSERT INTO client_versions (variant_id, graph_id, client_id, version, status, created_by, created_at,
                                  updated_by, updated_at)
     VALUES ($1, $2, $3, $4, 'active', $5, clock_timestamp(), $5, clock_timestamp())
     ON CONFLICT (variant_id, client_id, version) DO NOTHING RETURNING version`,
    [key.variantId, graphId, key.client, key.version, actor],
  );
  return rows.length > 0;
}

/** Links the documents to the version; returns how many it did not have. */
export async function linkOperations(
  db: Queryable,
  key: ClientVersionKey,
  graphId: number,
  ids: readonly string[],
  actor: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.query<{ operation_id: string }>(
    `INSERT INTO client_version_operations (variant_id, client_id, version, graph_id, operation_id, added_by, added_at)
     SELECT $1, $2, $3, $4, id, $5, clock_timestamp() FROM unnest($6::text[]) AS id
     ON CONFLICT DO NOTHING RETURNING operation_id`,
    [key.variantId, key.client, key.version, graphId, actor, ids],
  );
  return rows.length;
}

export async function countVersionOperations(db: Queryable, key: ClientVersionKey): Promise<number> {
  const rows = await db.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM client_version_operations
      WHERE variant_id = $1 AND client_id = $2 AND version = $3`,
    [key.variantId, key.client, key.version],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Which of `ids` the version has already. */
export async function linkedOperationIds(
  db: Queryable,
  key: ClientVersionKey,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ operation_id: string }>(
    `SELECT operation_id FROM client_version_operations
      WHERE variant_id = $1 AND client_id = $2 AND version = $3 AND operation_id = ANY($4::text[])`,
    [key.variantId, key.client, key.version, ids],
  );
  return new Set(rows.map((row) => row.operation_id));
}

export async function touchClientVersion(db: Queryable, key: ClientVersionKey, actor: string): Promise<void> {
  await db.query(
    `UPDATE client_versions SET updated_by = $4, updated_at = clock_timestamp()
      WHERE variant_id = $1 AND client_id = $2 AND version = $3`,
    [key.variantId, key.client, key.version, actor],
  );
}

export async function retireClientVersion(
  db: Queryable,
  key: ClientVersionKey,
  actor: string,
  reason: string | null,
): Promise<void> {
  await db.query(
    `UPDATE client_versions SET status = 'retired', retired_by = $4, retired_at = clock_timestamp(), retire_reason = $5
      WHERE variant_id = $1 AND client_id = $2 AND version = $3`,
    [key.variantId, key.client, key.version, actor, reason],
  );
}

/** The variant's versions (of one client when given), sorted by client, then creation. */
export async function listClientVersions(
  db: Queryable,
  variantId: number,
  client: string | null,
): Promise<StoredClientVersion[]> {
  const rows = await db.query<RawClientVersion>(
    `SELECT ${VERSION_COLUMNS} FROM client_versions v
      WHERE v.variant_id = $1 AND ($2::text IS NULL OR v.client_id = $2)
      ORDER BY v.client_id COLLATE "C", v.created_at, v.version COLLATE "C"`,
    [variantId, client],
  );
  return rows.map(toVersion);
}

interface RawDocument {
  id: string;
  body: string;
  name: string | null;
  type: OperationType;
}

/** The version's documents, sorted by name (anonymous last), then id. */
export async function listVersionOperations(
  db: Queryable,
  key: ClientVersionKey,
): Promise<PersistedOperation[]> {
  return db.query<RawDocument>(
    `SELECT d.id, d.body, d.name, d.type
       FROM client_version_operations o
       JOIN operation_documents d ON d.graph_id = o.graph_id AND d.id = o.operation_id
      WHERE o.variant_id = $1 AND o.client_id = $2 AND o.version = $3
      ORDER BY d.name COLLATE "C" NULLS LAST, d.id`,
    [key.variantId, key.client, key.version],
  );
}

/** A client of the variant that counts: its version is active and its client record exists (reserved ones always). */
const COUNTS = `v.status = 'active' AND (v.client_id IN ('default', 'anonymous') OR EXISTS (
    SELECT 1 FROM client_records r WHERE r.graph_id = v.graph_id AND r.id = v.client_id))`;

export interface ActiveLink {
  client: string;
  version: string;
  operationId: string;
  name: string | null;
}

/**
 * Every (client, version, operation) of the variant's active versions, sorted by client, version, operation id;
 * `withNames` adds each operation's name (checks report it; the feed does not need it).
 */
export async function listActiveLinks(
  db: Queryable,
  variantId: number,
  withNames = true,
): Promise<ActiveLink[]> {
  const rows = await db.query<{
    client_id: string;
    version: string;
    operation_id: string;
    name: string | null;
  }>(
    `SELECT v.client_id, v.version, o.operation_id, ${withNames ? 'd.name' : 'NULL AS name'}
       FROM client_versions v
       JOIN client_version_operations o
         ON o.variant_id = v.variant_id AND o.client_id = v.client_id AND o.version = v.version
       ${withNames ? 'JOIN operation_documents d ON d.graph_id = o.graph_id AND d.id = o.operation_id' : ''}
      WHERE v.variant_id = $1 AND ${COUNTS}
      ORDER BY v.client_id COLLATE "C", v.version COLLATE "C", o.operation_id`,
    [variantId],
  );
  return rows.map((row) => ({
    client: row.client_id,
    version: row.version,
    operationId: row.operation_id,
    name: row.name,
  }));
}

/** The documents with these ids (documents never change: an id names one body), sorted by id. */
export async function findOperationDocuments(
  db: Queryable,
  graphId: number,
  ids: readonly string[],
): Promise<PersistedOperation[]> {
  if (ids.length === 0) return [];
  return db.query<RawDocument>(
    `SELECT id, body, name, type FROM operation_documents WHERE graph_id = $1 AND id = ANY($2::text[]) ORDER BY id`,
    [graphId, ids],
  );
}

/** The documents of the variant's active versions, each once, sorted by id. */
export async function listActiveDocuments(db: Queryable, variantId: number): Promise<PersistedOperation[]> {
  return db.query<RawDocument>(
    `SELECT d.id, d.body, d.name, d.type FROM operation_documents d
      WHERE EXISTS (
        SELECT 1 FROM client_versions v
          JOIN client_version_operations o
            ON o.variant_id = v.variant_id AND o.client_id = v.client_id AND o.version = v.version
         WHERE v.variant_id = $1 AND o.graph_id = d.graph_id AND o.operation_id = d.id AND ${COUNTS})
      ORDER BY d.id`,
    [variantId],
  );
}
