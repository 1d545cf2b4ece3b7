import type {
  ClientBudget,
  ClientOverrides,
  ClientRate,
  ClientRecognition,
  ClientRecord,
  PersistedOperationsMode,
} from '../../api-types.js';
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

/** What a write stores of a client record; the version and the audit fields are the repository's. */
export interface ClientRecordWrite {
  id: string;
  displayName: string;
  recognition: ClientRecognition;
  tier: string | null;
  rate: ClientRate | null;
  budget: ClientBudget | null;
  overrides: ClientOverrides;
  persistedOperations: PersistedOperationsMode;
}

export type StoredClientRecord = Omit<ClientRecord, 'reserved'>;

interface RawClientRecord {
  id: string;
  display_name: string;
  recognition: ClientRecognition;
  tier: string | null;
  rate: ClientRate | null;
  budget: ClientBudget | null;
  overrides: ClientOverrides;
  persisted_operations: PersistedOperationsMode;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

const COLUMNS =
  'id, display_name, recognition, tier, rate, budget, overrides, persisted_operations, version, created_by, created_at, updated_by, updated_at';

function toRecord(row: RawClientRecord): StoredClientRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    recognition: row.recognition,
    tier: row.tier,
    rate: row.rate,
    budget: row.budget,
    overrides: row.overrides,
    persistedOperations: row.persisted_operations,
    version: row.version,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: toIso(row.updated_at),
  };
}

function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** `$1`…`$10` of the insert and the update: graph, id, the stored fields in column order, the actor. */
function writeParameters(graphId: number, record: ClientRecordWrite, actor: string): unknown[] {
  return [
    graphId,
    record.id,
    record.displayName,
    JSON.stringify(record.recognition),
    record.tier,
    json(record.rate),
    json(record.budget),
    JSON.stringify(record.overrides),
    record.persistedOperations,
    actor,
  ];
}

export async function listClientRecords(db: Queryable, graphId: number): Promise<StoredClientRecord[]> {
  const rows = await db.query<RawClientRecord>(
    `SELECT ${COLUMNS} FROM client_records WHERE graph_id = $1 ORDER BY id COLLATE "C"`,
    [graphId],
  );
  return rows.map(toRecord);
}

export async function findClientRecord(
  db: Queryable,
  graphId: number,
  id: string,
): Promise<StoredClientRecord | null> {
  const rows = await db.query<RawClientRecord>(
    `SELECT ${COLUMNS} FROM client_records WHERE graph_id = $1 AND id = $2`,
    [graphId, id],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Inserts the record at version 1; `null` when the graph already has a record with this id. */
export async function insertClientRecord(
  db: Queryable,
  graphId: number,
  record: ClientRecordWrite,
  actor: string,
): Promise<StoredClientRecord | null> {
  const rows = await db.query<RawClientRecord>(
    `INSERT INTO client_records (graph_id, id, display_name, recognition, tier, rate, budget, overrides,
                                 persisted_operations, version, created_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, 1, $10, clock_timestamp(), $10,
             clock_timestamp())
     ON CONFLICT (graph_id, id) DO NOTHING
     RETURNING ${COLUMNS}`,
    writeParameters(graphId, record, actor),
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Replaces the stored fields and counts the version up; `null` when there is no such record. */
export async function updateClientRecord(
  db: Queryable,
  graphId: number,
  record: ClientRecordWrite,
  actor: string,
): Promise<StoredClientRecord | null> {
  const rows = await db.query<RawClientRecord>(
    `UPDATE client_records
        SET display_name = $3, recognition = $4::jsonb, tier = $5, rate = $6::jsonb, budget = $7::jsonb,
            overrides = $8::jsonb, persisted_operations = $9, version = version + 1, updated_by = $10,
            updated_at = clock_timestamp()
      WHERE graph_id = $1 AND id = $2
      RETURNING ${COLUMNS}`,
    writeParameters(graphId, record, actor),
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function deleteClientRecord(db: Queryable, graphId: number, id: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    'DELETE FROM client_records WHERE graph_id = $1 AND id = $2 RETURNING id',
    [graphId, id],
  );
  return rows.length > 0;
}

export interface ClientKey {
  kind: 'client-id' | 'remote-address';
  value: string;
}

/**
 * Makes `keys` the keys of the record. Returns the first key another record of the graph already has, with that
 * record's id (nothing of this record's keys is then meaningful: the caller rolls the transaction back).
 */
export async function replaceClientRecordKeys(
  db: Queryable,
  graphId: number,
  recordId: string,
  keys: readonly ClientKey[],
): Promise<(ClientKey & { recordId: string }) | null> {
  await db.query('DELETE FROM client_record_keys WHERE graph_id = $1 AND record_id = $2', [
    graphId,
    recordId,
  ]);
  for (const key of keys) {
    const inserted = await db.query<{ value: string }>(
      `INSERT INTO client_record_keys (graph_id, kind, value, record_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (graph_id, kind, value) DO NOTHING RETURNING value`,
      [graphId, key.kind, key.value, recordId],
    );
    if (inserted.length > 0) continue;
    const owner = await db.query<{ record_id: string }>(
      'SELECT record_id FROM client_record_keys WHERE graph_id = $1 AND kind = $2 AND value = $3',
      [graphId, key.kind, key.value],
    );
    return { ...key, recordId: owner[0]?.record_id ?? '?' };
  }
  return null;
}
