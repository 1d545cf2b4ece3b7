/**
 * Query-plan warm-up: registered operations are parsed and planned once, off the request path, into the
 * gateway's own plan cache, so their first request is planned like their hundredth (a cache hit).
 *
 * The cache is ours (`queryPlannerConfig.cache`, an LRU bounded like the gateway's default store) and keyed as the gateway's executor keys it:
 * `queryHash` (sha256 hex of the document text, what Apollo Server computes, and what the APQ hash of a
 * registered document is), or sha256(queryHash + operationName) when the request names its operation. A
 * document with one operation is stored under both keys (clients may or may not send its name). The plan is
 * the gateway's own planner's (`queryPlanner`, `apiSchema`: internals of the pinned @apollo/gateway 2.14,
 * read through one narrow type below; when absent nothing is warmed and requests plan as before).
 *
 * Runs after each `warm(documents)` (a new persisted-operation set) and after each supergraph load (the
 * gateway clears the cache before it notifies). Batches of `BATCH` documents with `setImmediate` between them;
 * a newer run supersedes an older one. A document that does not validate against the schema is skipped
 * (Apollo refuses it before planning anyway).
 */
import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanCache, QueryPlanner } from '@apollo/query-planner';
import { Kind, parse, validate, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { LRUCache } from 'lru-cache';
import { NO_POLICY_EVENTS, type PolicyEvents } from '../../policies/contract/policy-events.js';

/** Plans kept: an LRU of 30 MiB by estimated size (the JSON length of a plan), as the gateway's default store. */
const PLANS_MAX_BYTES = 30 * 2 ** 20;
const newPlanStore = () =>
  new LRUCache<string, QueryPlan>({
    maxSize: PLANS_MAX_BYTES,
    sizeCalculation: (plan) => Math.max(1, Buffer.byteLength(JSON.stringify(plan))),
  });
/** Documents planned per turn of the event loop. */
const BATCH = 10;

interface GatewayInternals {
  readonly queryPlanner?: QueryPlanner;
  readonly apiSchema?: Schema;
  readonly schema?: GraphQLSchema;
}

export interface PlanWarmUp {
  /** The gateway's plan cache (`queryPlannerConfig.cache`). */
  readonly cache: QueryPlanCache;
  /** Warm these documents now and after each new supergraph (replaces the previous list). */
  warm(documents: readonly { readonly body: string }[]): void;
  /** Starts warming on the gateway's schema loads. */
  attach(gateway: ApolloGateway): void;
  /** For tests: resolves when no warm-up run is pending. */
  settled(): Promise<void>;
  /** For tests and logs: plans stored by warm-up, and cache misses seen by requests. */
  stats(): { readonly size: number; readonly warmed: number; readonly misses: number };
}

export function createPlanWarmUp(logger: Logger, events: PolicyEvents = NO_POLICY_EVENTS): PlanWarmUp {
  let plans = newPlanStore();
  let documents: readonly { readonly body: string }[] = [];
  let gateway: GatewayInternals | undefined;
  let run = 0;
  let pending: Promise<void> = Promise.resolve();
  let warmed = 0;
  let misses = 0;

  const cache: QueryPlanCache = {
    get: (key) => {
      const plan = plans.get(key);
      if (plan === undefined) misses += 1;
      events.record({ kind: 'cache-lookup', cache: 'plans', hit: plan !== undefined });
      return Promise.resolve(plan);
    },
    set: (key, value) => {
      plans.set(key, value);
      return Promise.resolve();
    },
    delete: (key) => {
      plans.delete(key);
      return Promise.resolve(true);
    },
    clear: () => {
      plans = newPlanStore();
    },
  };

  function planOne(body: string, internals: Required<GatewayInternals>): void {
    let document;
    try {
      document = parse(body);
    } catch {
      return;
    }
    if (validate(internals.schema, document).length > 0) return;
    const queryHash = createHash('sha256').update(body).digest('hex');
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    for (const operation of operations) {
      const name = operation.name?.value;
      try {
        const plan = internals.queryPlanner.buildQueryPlan(
          operationFromDocument(
            internals.apiSchema,
            document,
            name === undefined ? {} : { operationName: name },
          ),
        );
        if (name !== undefined)
          plans.set(createHash('sha256').update(queryHash).update(name).digest('hex'), plan);
        if (operations.length === 1) plans.set(queryHash, plan);
        warmed += 1;
      } catch (error) {
        logger.debug({ err: error, operationName: name }, 'registered operation not warmed');
      }
    }
  }

  function start(): void {
    const internals = gateway;
    const { queryPlanner, apiSchema, schema } = internals ?? {};
    if (queryPlanner === undefined || apiSchema === undefined || schema === undefined) return;
    // This supergraph's planner and schemas (the gateway replaces them on its next load).
    const ready = { queryPlanner, apiSchema, schema };
    const mine = ++run;
    const list = documents;
    pending = new Promise<void>((resolve) => {
      let at = 0;
      const step = (): void => {
        // A newer set or supergraph started its own run; the planner may have changed under this one.
        if (mine !== run || ready.queryPlanner !== gateway?.queryPlanner) {
          resolve();
          return;
        }
        const end = Math.min(at + BATCH, list.length);
        for (; at < end; at += 1) planOne(list[at]!.body, ready);
        if (at < list.length) setImmediate(step);
        else {
          if (list.length > 0)
            logger.info({ operations: list.length, plans: plans.size }, 'query plans warmed');
          resolve();
        }
      };
      setImmediate(step);
    });
  }

  return {
    cache,
    warm(next) {
      documents = next;
      start();
    },
    attach(next) {
      gateway = next as unknown as GatewayInternals;
      next.onSchemaLoadOrUpdate(() => start());
    },
    settled: async () => {
      let seen: Promise<void>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
    stats: () => ({ size: plans.size, warmed, misses }),
  };
}
