import type {
  ClientVersionDetail,
  ClientVersionSummary,
  OperationProblem,
  OperationType,
  OperationsPublishResult,
  PersistedOperation,
  PersistedOperationsFeed,
} from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import type { Queryable } from '../storage/database.js';
import { appendAudit } from '../storage/repositories/audit-log.js';
import { findClientRecord } from '../storage/repositories/client-records.js';
import type { GraphRow } from '../storage/repositories/graphs.js';
import {
  countVersionOperations,
  findOperationDocuments,
  findClientVersion,
  insertClientVersion,
  insertOperationDocuments,
  linkedOperationIds,
  linkOperations,
  listActiveDocuments,
  listActiveLinks,
  listClientVersions as listStoredVersions,
  listVersionOperations,
  retireClientVersion as retireStoredVersion,
  touchClientVersion,
  type ClientVersionKey,
  type StoredClientVersion,
} from '../storage/repositories/persisted-operations.js';
import { findVersion } from '../storage/repositories/supergraph-versions.js';
import type { VariantRow } from '../storage/repositories/variants.js';
import type { OperationValidation } from '../workers/operation-tasks.js';
import type { Principal } from './authentication.js';
import { etagOf } from './entity-tags.js';
import { sha256Hex } from './hashing.js';
import type { RegistryContext } from './registry-context.js';
import { isReservedClientId } from './reserved-clients.js';
import { withVariantLock } from './variant-lock.js';
import { requireVariant, type VariantRef } from './variants.js';

/** A client version holds at most this many operations (413 TOO_MANY_OPERATIONS beyond, counting those it has). */
export const MAX_OPERATIONS_PER_VERSION = 5_000;
/** An operation body is at most this many bytes, UTF-8 (413 OPERATION_TOO_LARGE). */
export const MAX_OPERATION_BYTES = 65_536;
/** An OPERATIONS_INVALID answer lists at most this many problems. */
const MAX_PROBLEMS = 500;

/** One operation as a publish sends it; `name` and `type`, when given (Apollo manifests), must match the body. */
export interface OperationUpload {
  id: string;
  body: string;
  name?: string | null | undefined;
  type?: OperationType | undefined;
}

export interface ClientVersionRef extends VariantRef {
  client: string;
  version: string;
}

export interface PublishOperationsInput extends ClientVersionRef {
  operations: readonly OperationUpload[];
  principal: Principal;
}

function present(graph: string, variant: string, stored: StoredClientVersion): ClientVersionSummary {
  return { graph, variant, ...stored };
}

async function requireClient(db: Queryable, graph: GraphRow, client: string): Promise<void> {
  if (isReservedClientId(client)) return;
  if (await findClientRecord(db, graph.id, client)) return;
  throw RegistryErrors.CLIENT_NOT_FOUND.create({ graph: graph.name, client });
}

function retired(ref: ClientVersionRef): Error {
  return RegistryErrors.CLIENT_VERSION_RETIRED.create({
    graph: ref.graph,
    variant: ref.variant,
    client: ref.client,
    version: ref.version,
  });
}

/** Bounds and ids, before any database or worker: OPERATION_TOO_LARGE, OPERATION_ID_MISMATCH, TOO_MANY_OPERATIONS. */
function uniqueOperations(input: PublishOperationsInput): OperationUpload[] {
  const mismatches: { id: string; name: string | null; expected: string }[] = [];
  const unique = new Map<string, OperationUpload>();
  for (const operation of input.operations) {
    const bytes = Buffer.byteLength(operation.body, 'utf8');
    if (bytes > MAX_OPERATION_BYTES) {
      throw RegistryErrors.OPERATION_TOO_LARGE.create({
        id: operation.id,
        bytes,
        limit: MAX_OPERATION_BYTES,
      });
    }
    const expected = sha256Hex(operation.body);
    if (operation.id !== expected) {
      mismatches.push({ id: operation.id, name: operation.name ?? null, expected });
      continue;
    }
    if (!unique.has(operation.id)) unique.set(operation.id, operation);
  }
  if (mismatches.length > 0) throw RegistryErrors.OPERATION_ID_MISMATCH.create({ mismatches });
  if (unique.size > MAX_OPERATIONS_PER_VERSION) {
    throw RegistryErrors.TOO_MANY_OPERATIONS.create({
      client: input.client,
      version: input.version,
      count: unique.size,
      limit: MAX_OPERATIONS_PER_VERSION,
    });
  }
  return [...unique.values()];
}

interface Prepared {
  /** The supergraph the operations were validated against. */
  readonly supergraphHash: string;
  readonly validations: ReadonlyMap<string, OperationValidation>;
}

interface Target {
  readonly graph: GraphRow;
  readonly variant: VariantRow;
  readonly key: ClientVersionKey;
  readonly existing: StoredClientVersion | null;
  readonly supergraph: { readonly hash: string; readonly sdl: string };
  /** The operations the version does not have yet: only these are validated and stored. */
  readonly fresh: OperationUpload[];
}

/** Reads what a publish writes to, or throws why it cannot (unknown client, retired version, nothing composed). */
async function loadTarget(
  db: Queryable,
  input: PublishOperationsInput,
  operations: OperationUpload[],
): Promise<Target> {
  const { graph, variant } = await requireVariant(db, input);
  await requireClient(db, graph, input.client);
  const key = { variantId: variant.id, client: input.client, version: input.version };
  const existing = await findClientVersion(db, key);
  if (existing?.status === 'retired') throw retired(input);
  const current =
    variant.currentVersion != null ? await findVersion(db, variant.id, variant.currentVersion) : null;
  if (!current)
    throw RegistryErrors.SUPERGRAPH_NOT_FOUND.create({ graph: input.graph, variant: input.variant });
  const linked = existing
    ? await linkedOperationIds(
        db,
        key,
        operations.map((o) => o.id),
      )
    : new Set<string>();
  return {
    graph,
    variant,
    key,
    existing,
    supergraph: { hash: current.hash, sdl: current.supergraphSdl },
    fresh: operations.filter((operation) => !linked.has(operation.id)),
  };
}

async function validate(ctx: RegistryContext, target: Target): Promise<Prepared> {
  const results = await ctx.schemaWork.validateOperations(
    target.supergraph,
    target.fresh.map(({ id, body }) => ({ id, body })),
    'write',
  );
  return {
    supergraphHash: target.supergraph.hash,
    validations: new Map(results.map((result) => [result.id, result])),
  };
}

/** Every problem of the fresh operations: parse and validation errors, a manifest name or type the body contradicts. */
function problemsOf(
  fresh: readonly OperationUpload[],
  validations: ReadonlyMap<string, OperationValidation>,
) {
  const problems: OperationProblem[] = [];
  let invalid = 0;
  for (const operation of fresh) {
    const result = validations.get(operation.id);
    if (!result) throw new Error(`operation ${operation.id} was not validated`);
    const name = result.name ?? operation.name ?? null;
    const found: OperationProblem[] = result.errors.map((error) => ({ id: operation.id, name, ...error }));
    if (result.type !== null) {
      if (operation.name !== undefined && operation.name !== result.name) {
        found.push({
          id: operation.id,
          name,
          message: `The manifest names this operation ${JSON.stringify(operation.name)}; its body names it ${JSON.stringify(result.name)}`,
          locations: [],
        });
      }
      if (operation.type !== undefined && operation.type !== result.type) {
        found.push({
          id: operation.id,
          name,
          message: `The manifest gives this operation type "${operation.type}"; its body is a ${result.type}`,
          locations: [],
        });
      }
    }
    if (found.length > 0) invalid += 1;
    problems.push(...found);
  }
  return { problems, invalid };
}

/**
 * Registers operations for a client version of a variant. Add-only and idempotent: the version is created by its
 * first publish, a later publish adds the operations it does not have (only those are validated), the same set
 * again changes nothing; a retired version takes none (409). Each new operation must be one operation that validates
 * against the variant's current API schema, else the whole publish is refused (OPERATIONS_INVALID) and nothing is
 * stored. Runs under the variant lock, so a subgraph publish cannot change the schema between validation and storing.
 */
export async function publishOperations(
  ctx: RegistryContext,
  input: PublishOperationsInput,
): Promise<OperationsPublishResult> {
  const operations = uniqueOperations(input);
  return withVariantLock(ctx, input.graph, input.variant, {
    prepare: async (db) => validate(ctx, await loadTarget(db, input, operations)),
    write: async (tx, prepared) => {
      const target = await loadTarget(tx, input, operations);
      // Another registry process may have published a subgraph meanwhile: validate against what is current.
      const { validations } =
        prepared.supergraphHash === target.supergraph.hash ? prepared : await validate(ctx, target);
      const { problems, invalid } = problemsOf(target.fresh, validations);
      if (problems.length > 0) {
        throw RegistryErrors.OPERATIONS_INVALID.create({
          schemaHash: target.supergraph.hash,
          invalidOperations: invalid,
          errors: problems.slice(0, MAX_PROBLEMS),
        });
      }
      const { graph, key, existing } = target;
      const total = (existing ? await countVersionOperations(tx, key) : 0) + target.fresh.length;
      if (total > MAX_OPERATIONS_PER_VERSION) {
        throw RegistryErrors.TOO_MANY_OPERATIONS.create({
          client: input.client,
          version: input.version,
          count: total,
          limit: MAX_OPERATIONS_PER_VERSION,
        });
      }
      if (existing && target.fresh.length === 0) {
        return { status: 'unchanged', added: 0, version: present(graph.name, input.variant, existing) };
      }
      const actor = input.principal.name;
      if (!existing) await insertClientVersion(tx, key, graph.id, actor);
      else await touchClientVersion(tx, key, actor);
      await insertOperationDocuments(
        tx,
        graph.id,
        target.fresh.map((operation): PersistedOperation => {
          const result = validations.get(operation.id);
          if (!result?.type) throw new Error(`operation ${operation.id} has no type after validation`);
          return { id: operation.id, body: operation.body, name: result.name, type: result.type };
        }),
      );
      const added = await linkOperations(
        tx,
        key,
        graph.id,
        target.fresh.map((operation) => operation.id),
        actor,
      );
      const stored = await findClientVersion(tx, key);
      if (!stored) throw new Error(`client version ${input.client}@${input.version} vanished under the lock`);
      const status = existing ? 'added' : 'created';
      await appendAudit(tx, {
        graphId: graph.id,
        variant: input.variant,
        subgraph: null,
        action: 'operations.published',
        actor,
        reason: null,
        checkId: null,
        details: {
          client: input.client,
          version: input.version,
          status,
          added,
          operationCount: stored.operationCount,
          schemaHash: target.supergraph.hash,
        },
      });
      return { status, added, version: present(graph.name, input.variant, stored) };
    },
  });
}

/** Retires a version: its operations are no longer served nor checked, and it takes no more. Retiring again: `unchanged`. */
export async function retireClientVersion(
  ctx: RegistryContext,
  ref: ClientVersionRef,
  principal: Principal,
  reason: string | null,
): Promise<{ status: 'retired' | 'unchanged'; version: ClientVersionSummary }> {
  return ctx.db.transaction(async (tx) => {
    const { graph, variant } = await requireVariant(tx, ref);
    const key = { variantId: variant.id, client: ref.client, version: ref.version };
    const current = await findClientVersion(tx, key, true);
    if (!current) throw notFound(ref);
    if (current.status === 'retired') {
      return { status: 'unchanged' as const, version: present(graph.name, ref.variant, current) };
    }
    await retireStoredVersion(tx, key, principal.name, reason);
    const stored = await findClientVersion(tx, key);
    if (!stored) throw new Error(`client version ${ref.client}@${ref.version} vanished in its transaction`);
    await appendAudit(tx, {
      graphId: graph.id,
      variant: ref.variant,
      subgraph: null,
      action: 'operations.retired',
      actor: principal.name,
      reason,
      checkId: null,
      details: { client: ref.client, version: ref.version, operationCount: stored.operationCount },
    });
    return { status: 'retired' as const, version: present(graph.name, ref.variant, stored) };
  });
}

function notFound(ref: ClientVersionRef): Error {
  return RegistryErrors.UNKNOWN_CLIENT_VERSION.create({
    graph: ref.graph,
    variant: ref.variant,
    client: ref.client,
    version: ref.version,
  });
}

/**
 * The variant's client versions, of one client when given: 404 CLIENT_NOT_FOUND for a client that has neither a
 * record nor versions.
 */
export async function listClientVersions(
  ctx: RegistryContext,
  ref: VariantRef,
  client: string | null,
): Promise<ClientVersionSummary[]> {
  const { graph, variant } = await requireVariant(ctx.db, ref);
  const versions = await listStoredVersions(ctx.db, variant.id, client);
  if (client !== null && versions.length === 0) await requireClient(ctx.db, graph, client);
  return versions.map((stored) => present(graph.name, ref.variant, stored));
}

export async function getClientVersion(
  ctx: RegistryContext,
  ref: ClientVersionRef,
): Promise<ClientVersionDetail> {
  const { graph, variant } = await requireVariant(ctx.db, ref);
  const key = { variantId: variant.id, client: ref.client, version: ref.version };
  const stored = await findClientVersion(ctx.db, key);
  if (!stored) throw notFound(ref);
  return {
    ...present(graph.name, ref.variant, stored),
    operations: await listVersionOperations(ctx.db, key),
  };
}

/** The hubs' feed as a conditional read: its ETag first, the documents only when the poller does not have them. */
export interface FeedRead {
  readonly etag: string;
  load(): Promise<PersistedOperationsFeed>;
}

/**
 * What hubs poll: the variant's active client versions (whose client record exists) and their documents. The ETag
 * is the sha256 of the graph, the variant and every (client, version, operation id) link: ids are content hashes, so
 * the links decide the documents too, and an unchanged feed (304) costs one query and no document bodies.
 */
export async function readPersistedOperationsFeed(ctx: RegistryContext, ref: VariantRef): Promise<FeedRead> {
  const { graph, variant } = await requireVariant(ctx.db, ref);
  const links = await listActiveLinks(ctx.db, variant.id, false);
  const etag = etagOf(
    sha256Hex(
      JSON.stringify([graph.name, ref.variant, links.map((l) => [l.client, l.version, l.operationId])]),
    ),
  );
  return {
    etag,
    async load() {
      const clients: PersistedOperationsFeed['clients'] = [];
      for (const link of links) {
        const last = clients.at(-1);
        if (last && last.client === link.client && last.version === link.version) {
          last.operationIds.push(link.operationId);
        } else clients.push({ client: link.client, version: link.version, operationIds: [link.operationId] });
      }
      // By the ids of the links read above, so that the documents match them even if a version changed since.
      const ids = [...new Set(links.map((link) => link.operationId))];
      const operations = await findOperationDocuments(ctx.db, graph.id, ids);
      return { graph: graph.name, variant: ref.variant, clients, operations };
    },
  };
}

/** The active operations of a variant as a check needs them: each document once, and who registered it. */
export interface RegisteredOperations {
  readonly documents: readonly { readonly id: string; readonly body: string }[];
  /** Per document id: the active client versions that registered it, and its name. */
  readonly users: ReadonlyMap<string, { client: string; version: string; name: string | null }[]>;
  /** sha256 of the sorted (client, version, id) links: part of the analysis key. */
  readonly hash: string;
}

export async function loadRegisteredOperations(
  db: Queryable,
  variantId: number,
): Promise<RegisteredOperations> {
  const links = await listActiveLinks(db, variantId);
  if (links.length === 0) return { documents: [], users: new Map(), hash: '' };
  const users = new Map<string, { client: string; version: string; name: string | null }[]>();
  for (const link of links) {
    const entry = { client: link.client, version: link.version, name: link.name };
    const known = users.get(link.operationId);
    if (known) known.push(entry);
    else users.set(link.operationId, [entry]);
  }
  const documents = (await listActiveDocuments(db, variantId)).map(({ id, body }) => ({ id, body }));
  const hash = sha256Hex(JSON.stringify([...users.keys()].sort()));
  return { documents, users, hash };
}
