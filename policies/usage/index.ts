/**
 * `usage`: per-field usage reporting (see README.md). Phase `response`, after every other policy has shaped the
 * response (field-authz's denials, cost's actual cost). Per document and operation, cached per supergraph
 * schema: the coordinates it names, its normalised signature and hash. Per request: the variable values walked
 * for input fields and enum values, the client labels, the verified client id, the outcome, duration and costs,
 * added to the in-memory aggregate; a reporter sends batches to the registry (no network call per request).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { createBoundedCache, type BoundedCache } from '../../lib/bounded-cache.js';
import { operationCoordinates } from '../../lib/operation-coordinates.js';
import { definePolicy, type PolicyHooks, type PolicyInstance } from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import { REFUSAL } from '../contract/refusal.js';
import {
  CLIENT_RECORD,
  OPERATION_COST,
  PERSISTED_OPERATION,
  QUOTA_CONSUMPTION,
  type ClientRecordFact,
} from '../contract/request-facts.js';
import { UsageErrors } from './errors.js';
import { usageOptions, type UsageOptions } from './options.js';
import { actualCost, deniedCoordinates, requestOutcome } from './request-outcome.js';
import type { CompiledOperation } from './usage-aggregator.js';
import { UsageReporter } from './usage-reporter.js';
import { findOperation, usageSignature } from './usage-signature.js';
import { variableCoordinates } from './variable-coordinates.js';

export type { UsageOptions, UsageOptionsInput } from './options.js';
export { UsageErrors } from './errors.js';

const MAX_LABEL = 256;
const NO_COORDINATES: ReadonlySet<string> = new Set();

/** Compiles an operation of a document: coordinates, signature, hash. Null when it names no operation. */
export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null,
): (CompiledOperation & { readonly walks: ReturnType<typeof operationCoordinates>['variables'] }) | null {
  const operation = findOperation(document, operationName);
  if (operation === undefined) return null;
  const { coordinates, variables } = operationCoordinates(schema, document, operation);
  const signature = usageSignature(document, operation);
  const name = operation.name?.value ?? null;
  const hash = createHash('sha256')
    .update(`# ${name ?? '-'}\n${signature}`)
    .digest('hex');
  return {
    hash,
    name,
    type: operation.operation,
    signature,
    coordinates: [...coordinates],
    known: new Set(coordinates),
    walks: variables,
  };
}

type Compiled = NonNullable<ReturnType<typeof compileOperation>>;

function target(options: UsageOptions): { endpoint: string } {
  const url = options.url ?? options.supergraphRegistry?.url;
  const graphRef = options.graph ?? options.supergraphRegistry?.graphRef;
  if (url === undefined || graphRef === undefined) throw UsageErrors.USAGE_TARGET_MISSING.create();
  const [graph = graphRef, variant = 'current'] = graphRef.split('@');
  const base = url.replace(/\/+$/, '');
  return {
    endpoint: `${base}/v1/graphs/${encodeURIComponent(graph)}/variants/${encodeURIComponent(variant)}/usage`,
  };
}

function label(value: string | undefined): string {
  if (value === undefined) return '';
  return value.length > MAX_LABEL ? value.slice(0, MAX_LABEL) : value;
}

/**
 * The verified client of a request: the client record `policies/clients` matched from verified facts (a token's
 * client id or the caller's address; the reserved `default` and `anonymous` records say nothing about the caller,
 * so they fall back), else the OAuth client the access token was issued to; `null` for anonymous callers.
 */
function verifiedClient(
  record: ClientRecordFact | undefined,
  principal: { readonly clientId?: string | null | undefined } | null | undefined,
): string | null {
  if (record !== undefined && (record.source === 'record' || record.source === 'address')) return record.id;
  return principal?.clientId ?? null;
}

export function createUsage(
  options: UsageOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'response'>> {
  const { facts, logger } = deps;
  const reporter = new UsageReporter({
    endpoint: target(options).endpoint,
    token: options.token,
    flushIntervalMs: options.flushIntervalMs,
    timeoutMs: options.timeoutMs,
    maxBackoffMs: options.maxBackoffMs,
    maxKeys: options.maxKeys,
    spoolDir: options.spool.dir ?? join(options.dataDir, 'usage-spool'),
    maxSpoolBytes: options.spool.maxBytes,
    logger,
    events: deps.events,
  });
  // Per schema (a supergraph reload starts afresh), per query text the client sent: field-authz may have
  // swapped `requestContext.document` for a filtered one, and usage records what the client asked for.
  const documents = new WeakMap<GraphQLSchema, BoundedCache<string, Map<string, Compiled | null>>>();
  const cacheFor = (schema: GraphQLSchema) => {
    let cache = documents.get(schema);
    if (cache === undefined) {
      cache = createBoundedCache(options.maxDocuments);
      documents.set(schema, cache);
    }
    return cache;
  };
  const compile = (
    schema: GraphQLSchema,
    query: string | undefined,
    document: DocumentNode,
    operationName: string | null,
  ): Compiled | null => {
    if (query === undefined) return compileOperation(schema, document, operationName);
    const cache = cacheFor(schema);
    let byName = cache.get(query);
    if (byName === undefined) {
      byName = new Map();
      cache.set(query, byName);
    }
    const key = operationName ?? '';
    let compiled = byName.get(key);
    if (compiled === undefined) {
      compiled = compileOperation(schema, parse(query), operationName);
      byName.set(key, compiled);
    }
    return compiled;
  };
  const oneIn = options.sampling.oneIn;

  return {
    start: () => reporter.start(),
    stop: () => reporter.stop(),
    status: () => reporter.status(),
    response: (requestContext) => {
      const { document, request, response, contextValue, schema } = requestContext;
      // Nothing to attribute when the document did not parse or validate.
      if (document === undefined) return;
      const state = contextValue.state;
      const record = facts.read(state, CLIENT_RECORD);
      const atMs = Date.now();
      // Where the record's quotas stand (the registry shows it as the client's consumption): unsampled, and
      // keyed by the record the quota counts (the reserved `default` and `anonymous` ones included).
      const quotas = facts.read(state, QUOTA_CONSUMPTION);
      if (quotas !== undefined && record !== undefined)
        reporter.aggregator.observeQuotas(record.id, quotas, atMs);
      const operationName = requestContext.operationName ?? request.operationName ?? null;
      const operation = compile(schema, request.query, document, operationName);
      if (operation === null) return;
      const headers = request.http?.headers;
      const clientName = label(headers?.get(options.clientNameHeader));
      const clientVersion = label(headers?.get(options.clientVersionHeader));
      const verifiedClientId = verifiedClient(record, contextValue.principal);
      const persistedOperationId = facts.read(state, PERSISTED_OPERATION)?.id ?? null;
      const key = reporter.aggregator.keyOf({
        atMs,
        operation,
        clientName,
        clientVersion,
        verifiedClientId,
        persistedOperationId,
      });
      let weight = 1;
      if (oneIn > 1 && reporter.aggregator.has(key)) {
        if (Math.random() * oneIn >= 1) return;
        weight = oneIn;
      }
      const body = response.body;
      const result = body.kind === 'single' ? body.singleResult : undefined;
      const errors = result ? result.errors : requestContext.errors;
      const variables = request.variables ?? undefined;
      reporter.record(key, {
        atMs,
        operation,
        clientName,
        clientVersion,
        verifiedClientId,
        persistedOperationId,
        outcome: requestOutcome({
          errors,
          hasData: result?.data != null,
          status: response.http.status ?? 200,
          refusedBy: state.get(REFUSAL)?.policy,
        }),
        durationMs: Number(process.hrtime.bigint() - state.receivedAt) / 1e6,
        estimatedCost: facts.read(state, OPERATION_COST)?.estimated ?? 0,
        actualCost: actualCost(result?.extensions, response.http.headers.get('x-atrium-cost-actual')),
        variableCoordinates:
          operation.walks.length === 0
            ? NO_COORDINATES
            : variableCoordinates(operation.walks, variables, operation.known),
        denied: deniedCoordinates(errors),
        weight,
      });
    },
  };
}

export const usagePolicy = definePolicy({
  name: 'usage',
  phase: 'response',
  runsAfter: ['cost', 'field-authz', 'clients', 'persisted-operations', 'quotas'],
  options: usageOptions,
  config: { key: 'usage', inherits: ['dataDir', 'supergraphRegistry'] },
  errors: UsageErrors,
  reads: [OPERATION_COST, CLIENT_RECORD, PERSISTED_OPERATION, QUOTA_CONSUMPTION],
  create: createUsage,
});
