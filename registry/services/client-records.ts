import { createHash } from 'node:crypto';
import type {
  ClientBudget,
  ClientOverrides,
  ClientRate,
  ClientRecognition,
  ClientRecord,
  ClientSet,
  PersistedOperationsMode,
} from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import type { Queryable } from '../storage/database.js';
import { appendAudit } from '../storage/repositories/audit-log.js';
import { deleteQuotaObservations } from '../storage/repositories/client-consumption.js';
import {
  deleteClientRecord,
  findClientRecord,
  insertClientRecord,
  listClientRecords,
  replaceClientRecordKeys,
  updateClientRecord,
  type ClientKey,
  type ClientRecordWrite,
  type StoredClientRecord,
} from '../storage/repositories/client-records.js';
import type { GraphRow } from '../storage/repositories/graphs.js';
import type { Principal } from './authentication.js';
import { etagOf, matchesIfMatch } from './entity-tags.js';
import { requireGraph } from './graphs.js';
import { sha256Hex } from './hashing.js';
import type { RegistryContext } from './registry-context.js';
import { implicitReservedClient, isReservedClientId } from './reserved-clients.js';

/** What a create names; omitted fields get their defaults (no rate, no budget, no tier, no overrides, `off`). */
export interface CreateClientInput {
  id: string;
  recognition: Extract<ClientRecognition, { kind: 'client-id' | 'remote-address' }>;
  displayName?: string | undefined;
  tier?: string | null | undefined;
  rate?: ClientRate | null | undefined;
  budget?: ClientBudget | null | undefined;
  overrides?: ClientOverrides | undefined;
  persistedOperations?: PersistedOperationsMode | undefined;
}

/** What an update replaces: every field given (`null` removes a tier, rate or budget). */
export type UpdateClientInput = {
  [K in Exclude<keyof CreateClientInput, 'id'>]?: CreateClientInput[K] | undefined;
};

/** First key of the two-key advisory lock that serializes the client-record writes of one graph. */
const CLIENT_LOCK_NAMESPACE = 7_310_416;

function graphLockKey(graph: string): number {
  return createHash('sha256').update(graph).digest().readInt32BE(0);
}

/** The API shape, with a fixed order of fields (the ETag hashes it). */
function present(record: StoredClientRecord | ClientRecord): ClientRecord {
  return {
    id: record.id,
    displayName: record.displayName,
    recognition: record.recognition,
    tier: record.tier,
    rate: record.rate,
    budget: record.budget,
    overrides: record.overrides,
    persistedOperations: record.persistedOperations,
    reserved: isReservedClientId(record.id),
    version: record.version,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    updatedBy: record.updatedBy,
    updatedAt: record.updatedAt,
  };
}

export function clientEtag(record: ClientRecord): string {
  return etagOf(sha256Hex(JSON.stringify(record)));
}

/** The ETag of a graph's whole set: changes with any record, reserved ones included. */
export function clientSetEtag(set: ClientSet): string {
  return etagOf(sha256Hex(JSON.stringify(set)));
}

/** Stored records plus the reserved ones nobody changed, sorted by id (code-point order). */
async function allClients(db: Queryable, graph: GraphRow): Promise<ClientRecord[]> {
  const stored = (await listClientRecords(db, graph.id)).map(present);
  for (const id of ['default', 'anonymous'] as const) {
    if (!stored.some((record) => record.id === id)) stored.push(implicitReservedClient(id));
  }
  return stored.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function currentClient(db: Queryable, graph: GraphRow, id: string): Promise<ClientRecord | null> {
  const stored = await findClientRecord(db, graph.id, id);
  if (stored) return present(stored);
  return isReservedClientId(id) ? implicitReservedClient(id) : null;
}

export async function listClients(ctx: RegistryContext, graphName: string): Promise<ClientSet> {
  const graph = await requireGraph(ctx.db, graphName);
  return { graph: graph.name, clients: await allClients(ctx.db, graph) };
}

export async function getClient(ctx: RegistryContext, graphName: string, id: string): Promise<ClientRecord> {
  const graph = await requireGraph(ctx.db, graphName);
  const record = await currentClient(ctx.db, graph, id);
  if (!record) throw RegistryErrors.CLIENT_NOT_FOUND.create({ graph: graphName, client: id });
  return record;
}

function keysOf(recognition: ClientRecognition): ClientKey[] {
  switch (recognition.kind) {
    case 'client-id':
      return recognition.clientIds.map((value) => ({ kind: 'client-id', value }));
    case 'remote-address':
      return recognition.addresses.map((value) => ({ kind: 'remote-address', value }));
    case 'default':
    case 'anonymous':
      return [];
  }
}

/** Stores the record's keys, or throws the conflict with another record (the transaction then rolls back). */
async function storeKeys(tx: Queryable, graph: GraphRow, record: ClientRecordWrite): Promise<void> {
  const conflict = await replaceClientRecordKeys(tx, graph.id, record.id, keysOf(record.recognition));
  if (!conflict) return;
  if (conflict.kind === 'client-id') {
    throw RegistryErrors.CLIENT_ID_CONFLICT.create({
      graph: graph.name,
      clientId: conflict.value,
      client: conflict.recordId,
    });
  }
  throw RegistryErrors.CLIENT_ADDRESS_CONFLICT.create({
    graph: graph.name,
    address: conflict.value,
    client: conflict.recordId,
  });
}

/** One client-record write of a graph at a time, across registry processes (released at commit or rollback). */
async function lockGraphClients(tx: Queryable, graph: GraphRow): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [
    CLIENT_LOCK_NAMESPACE,
    graphLockKey(graph.name),
  ]);
}

async function audit(
  tx: Queryable,
  graph: GraphRow,
  action: 'client.created' | 'client.updated' | 'client.deleted',
  principal: Principal,
  change: { client: string; before: ClientRecord | null; after: ClientRecord | null },
): Promise<void> {
  await appendAudit(tx, {
    graphId: graph.id,
    variant: null,
    subgraph: null,
    action,
    actor: principal.name,
    reason: null,
    checkId: null,
    details: change,
  });
}

function requirePrecondition(graph: GraphRow, current: ClientRecord, ifMatch: string | undefined): void {
  const etag = clientEtag(current);
  if (!matchesIfMatch(ifMatch, etag)) {
    throw RegistryErrors.CLIENT_VERSION_MISMATCH.create({ graph: graph.name, client: current.id, etag });
  }
}

export async function createClient(
  ctx: RegistryContext,
  graphName: string,
  input: CreateClientInput,
  principal: Principal,
): Promise<ClientRecord> {
  return ctx.db.transaction(async (tx) => {
    const graph = await requireGraph(tx, graphName);
    if (isReservedClientId(input.id)) {
      throw RegistryErrors.CLIENT_RESERVED.create({
        graph: graph.name,
        client: input.id,
        operation: 'create',
      });
    }
    await lockGraphClients(tx, graph);
    const write: ClientRecordWrite = {
      id: input.id,
      displayName: input.displayName ?? input.id,
      recognition: input.recognition,
      tier: input.tier ?? null,
      rate: input.rate ?? null,
      budget: input.budget ?? null,
      overrides: input.overrides ?? {},
      persistedOperations: input.persistedOperations ?? 'off',
    };
    const stored = await insertClientRecord(tx, graph.id, write, principal.name);
    if (!stored) throw RegistryErrors.CLIENT_EXISTS.create({ graph: graph.name, client: input.id });
    await storeKeys(tx, graph, write);
    const created = present(stored);
    await audit(tx, graph, 'client.created', principal, { client: created.id, before: null, after: created });
    return created;
  });
}

function merged(current: ClientRecord, update: UpdateClientInput): ClientRecordWrite {
  return {
    id: current.id,
    displayName: update.displayName ?? current.displayName,
    recognition: update.recognition ?? current.recognition,
    tier: update.tier === undefined ? current.tier : update.tier,
    rate: update.rate === undefined ? current.rate : update.rate,
    budget: update.budget === undefined ? current.budget : update.budget,
    overrides: update.overrides ?? current.overrides,
    persistedOperations: update.persistedOperations ?? current.persistedOperations,
  };
}

/**
 * Replaces the given fields (`ifMatch`: the request's `If-Match`, checked against the record as it is inside the
 * transaction). A reserved record is stored on its first update; whom it recognises cannot change.
 */
export async function updateClient(
  ctx: RegistryContext,
  graphName: string,
  id: string,
  update: UpdateClientInput,
  principal: Principal,
  ifMatch?: string,
): Promise<ClientRecord> {
  return ctx.db.transaction(async (tx) => {
    const graph = await requireGraph(tx, graphName);
    await lockGraphClients(tx, graph);
    const current = await currentClient(tx, graph, id);
    if (!current) throw RegistryErrors.CLIENT_NOT_FOUND.create({ graph: graph.name, client: id });
    requirePrecondition(graph, current, ifMatch);
    if (current.reserved && update.recognition !== undefined) {
      throw RegistryErrors.CLIENT_RESERVED.create({ graph: graph.name, client: id, operation: 'recognise' });
    }
    const write = merged(current, update);
    const stored =
      current.version === 0
        ? await insertClientRecord(tx, graph.id, write, principal.name)
        : await updateClientRecord(tx, graph.id, write, principal.name);
    if (!stored) throw new Error(`client record ${graph.name}/${id} vanished under the graph's lock`);
    await storeKeys(tx, graph, write);
    const updated = present(stored);
    await audit(tx, graph, 'client.updated', principal, { client: id, before: current, after: updated });
    return updated;
  });
}

export async function deleteClient(
  ctx: RegistryContext,
  graphName: string,
  id: string,
  principal: Principal,
  ifMatch?: string,
): Promise<ClientRecord> {
  return ctx.db.transaction(async (tx) => {
    const graph = await requireGraph(tx, graphName);
    if (isReservedClientId(id)) {
      throw RegistryErrors.CLIENT_RESERVED.create({ graph: graph.name, client: id, operation: 'delete' });
    }
    await lockGraphClients(tx, graph);
    const current = await currentClient(tx, graph, id);
    if (!current) throw RegistryErrors.CLIENT_NOT_FOUND.create({ graph: graph.name, client: id });
    requirePrecondition(graph, current, ifMatch);
    await deleteClientRecord(tx, graph.id, id);
    await deleteQuotaObservations(tx, graph.id, id);
    await audit(tx, graph, 'client.deleted', principal, { client: id, before: current, after: null });
    return current;
  });
}
