/**
 * `@apollo/gateway` caches query plans under `queryHash` (+ operation name), which Apollo Server computes from
 * the original query text before any plugin runs. These tests prove that swapping in the filtered document
 * without a matching `queryHash` (even with `source` set) reuses plans across callers, in both directions, and
 * that `useFilteredDocument` (which also sets `queryHash`, and which the real `field-authz` policy uses) does
 * not. The unsafe swaps run in a test variant of the policy, defined with `definePolicy` like the real one and
 * run by the real hub in its place.
 */
import type { GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubContext } from '../../../policies/contract/hub-context.js';
import { definePolicy, type PolicyDefinition } from '../../../policies/contract/policy.js';
import { applyDenials } from '../../../policies/field-authz/apply-denials.js';
import {
  AUTHORIZATION_DIRECTIVES,
  authorizationMetadata,
} from '../../../policies/field-authz/authorization-directives.js';
import { FieldAuthorizer, type FieldAuthzOutcome } from '../../../policies/field-authz/field-authorizer.js';
import type { FilteredDocument } from '../../../policies/field-authz/filter-document.js';
import { fieldAuthzOptions } from '../../../policies/field-authz/options.js';
import { principal, startPolicyKit, type PolicyKit } from '../../helpers/policy-kit.js';

const ANY_STRING: unknown = expect.any(String);

const QUERY = '{ user(id: "2") { name birthday } }';
const READER = principal(['read:users']);
const STRANGER = principal([]);

type UnsafeSwap = 'document-only' | 'document-and-source';

interface WritableForUnsafeSwap {
  document: unknown;
  operation: unknown;
  source: string;
}

function swapUnsafely(
  requestContext: GraphQLRequestContextDidResolveOperation<HubContext>,
  filtered: FilteredDocument,
  source: string,
  swap: UnsafeSwap,
): void {
  const writable = requestContext as unknown as WritableForUnsafeSwap;
  writable.document = filtered.document;
  writable.operation = filtered.operation;
  if (swap === 'document-and-source') writable.source = source;
}

/** `field-authz` with the document swap replaced by an unsafe one (filter mode only). */
function unsafeFieldAuthz(swap: UnsafeSwap): PolicyDefinition {
  return definePolicy({
    name: 'field-authz',
    phase: 'operation',
    dependsOn: ['auth'],
    options: fieldAuthzOptions,
    directives: AUTHORIZATION_DIRECTIVES,
    create: (options, deps) => {
      const authorizers = new WeakMap<GraphQLSchema, FieldAuthorizer>();
      deps.supergraph.onLoad(({ schema, supergraph }) => {
        authorizers.set(
          schema,
          new FieldAuthorizer({ options, schema, metadata: authorizationMetadata(supergraph.directives) }),
        );
      });
      const outcomes = new WeakMap<object, FieldAuthzOutcome>();
      return {
        operation: (requestContext) => {
          const authorizer = authorizers.get(requestContext.schema);
          if (authorizer === undefined) throw new Error('no authorizer for this schema');
          const outcome = authorizer.authorize(
            requestContext.document,
            requestContext.operationName,
            requestContext.contextValue.principal,
          );
          outcomes.set(requestContext.request, outcome);
          if (outcome.kind === 'filtered')
            swapUnsafely(requestContext, outcome.filtered, outcome.source, swap);
        },
        response: (requestContext) => {
          const outcome = outcomes.get(requestContext.request);
          const body = requestContext.response.body;
          if (outcome?.kind !== 'filtered' || body.kind !== 'single') return;
          const shaped = applyDenials(body.singleResult.data, outcome.filtered);
          if (shaped.data !== undefined) body.singleResult.data = shaped.data;
          body.singleResult.errors = [...(body.singleResult.errors ?? []), ...shaped.errors];
        },
      };
    },
  });
}

describe('query plan cache with a filtered document', () => {
  let kit: PolicyKit | undefined;
  afterEach(async () => {
    await kit?.close();
    kit = undefined;
  });

  async function start(swap: UnsafeSwap | 'safe'): Promise<PolicyKit> {
    kit = await startPolicyKit(
      swap === 'safe'
        ? { config: { authorization: {} } }
        : { config: { policies: { 'field-authz': { enabled: true } } }, replace: [unsafeFieldAuthz(swap)] },
    );
    return kit;
  }

  it.each(['document-only', 'document-and-source'] as const)(
    'is unsafe with swap "%s": a denied caller gets the plan cached for an allowed one',
    async (swap) => {
      const unsafe = await start(swap);
      await unsafe.run(QUERY, { principal: READER });
      expect(unsafe.fetched('birthday')).toBe(true);

      unsafe.clearRequests();
      await unsafe.run(QUERY, { principal: STRANGER });
      // The leak: the subgraph is asked for birthday on behalf of a caller without read:users.
      expect(unsafe.fetched('birthday')).toBe(true);
    },
  );

  it('is unsafe the other way round too: an allowed caller gets the filtered plan', async () => {
    const unsafe = await start('document-and-source');
    await unsafe.run(QUERY, { principal: STRANGER });
    unsafe.clearRequests();
    const { body } = await unsafe.run(QUERY, { principal: READER });
    expect(unsafe.fetched('birthday')).toBe(false);
    expect(body.data).toEqual({ user: { name: ANY_STRING, birthday: null } });
  });

  it('is safe with the real policy (useFilteredDocument): alternating callers, each gets its own plan', async () => {
    const safe = await start('safe');
    for (const caller of [READER, STRANGER, READER, STRANGER]) {
      safe.clearRequests();
      const { body } = await safe.run(QUERY, { principal: caller });
      const allowed = caller === READER;
      expect(safe.fetched('birthday')).toBe(allowed);
      expect(body.data).toEqual({ user: { name: ANY_STRING, birthday: allowed ? 1953 : null } });
      expect(body.errors === undefined).toBe(allowed);
    }
  });
});
