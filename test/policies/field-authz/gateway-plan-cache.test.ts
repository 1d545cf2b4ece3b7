/**
 * `@apollo/gateway` caches query plans under `queryHash` (+ operation name), which Apollo Server computes from
 * the original query text before any plugin runs. These tests prove that swapping in the filtered document
 * without a matching `queryHash` (even with `source` set) reuses plans across callers, in both directions, and
 * that `useFilteredDocument` (which also sets `queryHash`) does not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  principal,
  startAuthzGateway,
  type AuthzGateway,
  type DocumentSwap,
} from '../../helpers/authz-gateway.js';

const ANY_STRING: unknown = expect.any(String);

const QUERY = '{ user(id: "2") { name birthday } }';
const READER = principal(['read:users']);
const STRANGER = principal([]);

describe('query plan cache with a filtered document', () => {
  let gateway: AuthzGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  async function start(swap: DocumentSwap): Promise<AuthzGateway> {
    gateway = await startAuthzGateway({}, swap);
    return gateway;
  }

  it.each(['document-only', 'document-and-source'] as const)(
    'is unsafe with swap "%s": a denied caller gets the plan cached for an allowed one',
    async (swap) => {
      const unsafe = await start(swap);
      await unsafe.run(QUERY, { principal: READER });
      expect(unsafe.fetched('birthday')).toBe(true);

      unsafe.clearFetches();
      await unsafe.run(QUERY, { principal: STRANGER });
      // The leak: the subgraph is asked for birthday on behalf of a caller without read:users.
      expect(unsafe.fetched('birthday')).toBe(true);
    },
  );

  it('is unsafe the other way round too: an allowed caller gets the filtered plan', async () => {
    const unsafe = await start('document-and-source');
    await unsafe.run(QUERY, { principal: STRANGER });
    unsafe.clearFetches();
    const { body } = await unsafe.run(QUERY, { principal: READER });
    expect(unsafe.fetched('birthday')).toBe(false);
    expect(body.data).toEqual({ user: { name: ANY_STRING, birthday: null } });
  });

  it('is safe with useFilteredDocument: the same document, alternating callers, each gets its own plan', async () => {
    const safe = await start('safe');
    for (const caller of [READER, STRANGER, READER, STRANGER]) {
      safe.clearFetches();
      const { body } = await safe.run(QUERY, { principal: caller });
      const allowed = caller === READER;
      expect(safe.fetched('birthday')).toBe(allowed);
      expect(body.data).toEqual({ user: { name: ANY_STRING, birthday: allowed ? 1953 : null } });
      expect(body.errors === undefined).toBe(allowed);
    }
  });
});
