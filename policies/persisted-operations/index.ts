/**
 * `persisted-operations`: registered operations (trusted documents) per client record (see README.md).
 *
 * Phase `context`, after `clients` (whose `CLIENT_RECORD` fact names the record and its mode): the request's
 * id or body is looked up before Apollo parses anything, and the request rewritten to the registered body, or
 * refused with a catalogue error (a clean 4xx: Apollo answers 500 to errors thrown from its parsing and
 * validation hooks). The index is rebuilt once per new feed; per request it is a hash of the body (cached per
 * text) and map lookups. A registered operation publishes `PERSISTED_OPERATION`.
 */
import type { Logger } from 'pino';
import { createBoundedCache } from '../../lib/bounded-cache.js';
import {
  definePolicy,
  type PolicyHooks,
  type PolicyInstance,
  type PolicyStatus,
} from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import type { PersistedOperationSet } from '../contract/persisted-operations.js';
import { CLIENT_RECORD, PERSISTED_OPERATION } from '../contract/request-facts.js';
import { PersistedOperationsErrors } from './errors.js';
import { readManifests, sha256Hex } from './manifest.js';
import { normalizedBody } from './normalize.js';
import { NORMALIZE_MAX_TOKENS, OperationIndex } from './operation-index.js';
import { persistedOperationsOptions, type PersistedOperationsOptions } from './options.js';
import { readRequestOperation, rewriteRequest } from './request-operation.js';

export type { PersistedOperationsOptions, PersistedOperationsOptionsInput } from './options.js';
export { PersistedOperationsErrors } from './errors.js';

/** Body texts whose registered id (or its absence) is kept; texts of at most 16 Ki characters. */
const MATCHED_BODIES = 2_000;
const CACHED_TEXT_AT_MOST = 16 * 1024;

const EMPTY: PersistedOperationSet = { clients: [], operations: [] };

export function createPersistedOperations(
  options: PersistedOperationsOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'context'>> & { readonly unregisteredSeen: () => number } {
  const { facts, logger } = deps;
  let manifests = EMPTY;
  let index = new OperationIndex([], options.normalize);
  /** body text → registered id, or '': none. Cleared with each new index. */
  let matched = createBoundedCache<string, string>(MATCHED_BODIES);
  let unsubscribe: (() => void) | undefined;
  let failure: string | undefined;
  let unregistered = 0;

  function rebuild(feed: PersistedOperationSet): void {
    index = new OperationIndex([feed, manifests], options.normalize);
    matched = createBoundedCache<string, string>(MATCHED_BODIES);
    // Query-plan warm-up: every registered document planned off the request path (again on a new supergraph).
    deps.warmUp?.([...index.operations()]);
  }

  function idOfBody(body: string): string | undefined {
    const cacheable = body.length <= CACHED_TEXT_AT_MOST;
    const cached = cacheable ? matched.get(body) : undefined;
    if (cached !== undefined) return cached === '' ? undefined : cached;
    let id: string | undefined = sha256Hex(body);
    if (index.document(id) === undefined) {
      const normalized = options.normalize ? normalizedBody(body, NORMALIZE_MAX_TOKENS) : undefined;
      id = normalized === undefined ? undefined : index.idOfNormalized(sha256Hex(normalized));
    }
    if (cacheable) matched.set(body, id ?? '');
    return id;
  }

  function audit(log: Logger, fields: Record<string, unknown>): void {
    unregistered += 1;
    log.warn({ ...fields, unregistered }, 'unregistered operation (audit mode)');
  }

  return {
    unregisteredSeen: () => unregistered,
    async start() {
      try {
        manifests = await readManifests(options.manifests);
      } catch (error) {
        failure = (error as Error).message;
        logger.error({ reason: failure }, 'persisted-operation manifests not loaded');
        throw error;
      }
      unsubscribe = deps.persistedOperations.onChange((set) => rebuild(set));
      await deps.persistedOperations.start();
      rebuild(deps.persistedOperations.current());
      logger.info(
        { operations: index.size, manifests: options.manifests.length },
        'persisted operations ready',
      );
    },
    stop() {
      unsubscribe?.();
      return Promise.resolve();
    },
    status: (): PolicyStatus =>
      failure !== undefined ? { state: 'unavailable', reason: failure } : deps.persistedOperations.status(),
    context: ({ context, http }) => {
      const record = facts.read(context.state, CLIENT_RECORD);
      const mode = record?.persistedOperations ?? 'off';
      const client = record?.id ?? 'anonymous';
      const { id, query } = readRequestOperation(http);
      if (id.kind === 'invalid')
        throw PersistedOperationsErrors.PERSISTED_QUERY_ID_INVALID.create({ reason: id.reason });
      const requestId = context.state.requestId;
      const strict = mode === 'enforce' || mode === 'ids-only';

      if (id.kind === 'id') {
        if (query !== undefined) {
          // An APQ registration (hash and document): the document must be the one the hash names.
          if (sha256Hex(query) !== id.hash) {
            throw PersistedOperationsErrors.PERSISTED_QUERY_ID_INVALID.create({
              reason: 'the query sent does not hash to the id sent with it',
            });
          }
          if (mode === 'ids-only')
            throw PersistedOperationsErrors.PERSISTED_QUERY_ID_REQUIRED.create({ client });
        }
        const registration = index.registration(client, id.hash);
        const document = index.document(id.hash);
        if (registration === undefined) {
          if (strict) {
            if (query === undefined) {
              deps.events.record({ kind: 'persisted-operation-miss', reason: 'unknown_id' });
              throw PersistedOperationsErrors.PERSISTED_QUERY_NOT_FOUND.create({ id: id.hash });
            }
            deps.events.record({ kind: 'persisted-operation-miss', reason: 'not_registered' });
            throw PersistedOperationsErrors.OPERATION_NOT_ALLOWED.create({ client });
          }
          const text = document?.body ?? query;
          if (text === undefined)
            deps.events.record({ kind: 'persisted-operation-miss', reason: 'unknown_id' });
          if (text === undefined)
            throw PersistedOperationsErrors.PERSISTED_QUERY_NOT_FOUND.create({ id: id.hash });
          if (mode === 'audit')
            audit(logger, { requestId, client, hash: id.hash, operationName: document?.name });
          rewriteRequest(http, text);
          return;
        }
        facts.publish(context.state, PERSISTED_OPERATION, { id: id.hash, ...registration });
        rewriteRequest(http, document!.body);
        return;
      }

      if (query === undefined || mode === 'off') return;
      if (mode === 'ids-only') throw PersistedOperationsErrors.PERSISTED_QUERY_ID_REQUIRED.create({ client });
      const registeredId = idOfBody(query);
      const registration = registeredId === undefined ? undefined : index.registration(client, registeredId);
      if (registration !== undefined && registeredId !== undefined) {
        facts.publish(context.state, PERSISTED_OPERATION, { id: registeredId, ...registration });
        return;
      }
      if (mode === 'enforce') {
        deps.events.record({ kind: 'persisted-operation-miss', reason: 'not_registered' });
        logger.info({ requestId, client, hash: sha256Hex(query) }, 'operation refused: not registered');
        throw PersistedOperationsErrors.OPERATION_NOT_ALLOWED.create({ client });
      }
      const body = http.body as { operationName?: unknown } | undefined;
      audit(logger, {
        requestId,
        client,
        hash: sha256Hex(query),
        operationName: typeof body?.operationName === 'string' ? body.operationName : undefined,
      });
    },
  };
}

export const persistedOperationsPolicy = definePolicy({
  name: 'persisted-operations',
  phase: 'context',
  dependsOn: ['clients'],
  options: persistedOperationsOptions,
  config: { key: 'persistedOperations' },
  errors: PersistedOperationsErrors,
  publishes: [PERSISTED_OPERATION],
  reads: [CLIENT_RECORD],
  create: createPersistedOperations,
});
