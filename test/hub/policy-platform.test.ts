/**
 * The policy platform through the real hub (policy kit): lifecycle (`start` holds `/ready`, `status` reports
 * degraded, `close` stops in reverse table order), request facts (declared, checked at boot, read by a
 * dependant), and the `subgraph-request` phase (per fetch, with the subgraph's name).
 */
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { assemblePipeline } from '../../hub/pipeline/assemble-pipeline.js';
import { definePolicy, type PolicyStatus } from '../../policies/contract/policy.js';
import { requestFact } from '../../policies/contract/request-facts.js';
import type { SupergraphView } from '../../policies/contract/supergraph-view.js';
import { silentLogger } from '../helpers/hub.js';
import { startPolicyKit, type PolicyKit } from '../helpers/policy-kit.js';
import { waitFor } from '../helpers/wait.js';

const noSupergraph: SupergraphView = {
  current: () => null,
  supergraphForSchema: () => undefined,
  onLoad: () => () => undefined,
};

let kit: PolicyKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

async function ready(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/ready', url));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('policy lifecycle', () => {
  it('holds /ready and refuses requests until start() resolves, reports degraded, and stops in reverse order', async () => {
    const calls: string[] = [];
    let releaseStart!: () => void;
    const started = new Promise<void>((resolve) => (releaseStart = resolve));
    let status: PolicyStatus = { state: 'ready' };
    const lifecycle = (name: string, start?: () => Promise<void>) =>
      definePolicy({
        name,
        phase: 'response',
        enabledByDefault: true,
        options: z.strictObject({}),
        create: () => ({
          response: () => undefined,
          start: async () => {
            calls.push(`${name}:start`);
            await start?.();
          },
          stop: () => {
            calls.push(`${name}:stop`);
            return Promise.resolve();
          },
          status: () => (name === 'store' ? status : { state: 'ready' }),
        }),
      });
    kit = await startPolicyKit({ add: [lifecycle('store'), lifecycle('manifest', () => started)] });

    await waitFor(() => calls.includes('manifest:start'));
    expect(await ready(kit.hub.url)).toEqual({
      status: 503,
      body: { status: 'not_ready', reason: 'policy "manifest" is starting' },
    });
    const refused = await kit.run('{ topProducts { upc } }');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.errors?.[0]?.extensions).toEqual({
      code: 'POLICY_NOT_READY',
      reason: 'policy "manifest" is starting',
    });
    expect(kit.requests).toEqual([]);

    releaseStart();
    await waitFor(async () => (await ready(kit!.hub.url)).status === 200);
    expect((await kit.run('{ topProducts(first: 1) { upc } }')).body).toEqual({
      data: { topProducts: [{ upc: '1' }] },
    });

    status = { state: 'degraded', reason: 'store unreachable, counting in memory' };
    const degraded = await ready(kit.hub.url);
    expect(degraded.status).toBe(200);
    expect(degraded.body['degraded']).toEqual([
      { policy: 'store', reason: 'store unreachable, counting in memory' },
    ]);

    status = { state: 'unavailable', reason: 'store lost' };
    expect((await ready(kit.hub.url)).status).toBe(503);
    expect((await kit.run('{ topProducts { upc } }')).status).toBe(503);
    status = { state: 'ready' };

    await kit.close();
    kit = undefined;
    expect(calls).toEqual(['store:start', 'manifest:start', 'manifest:stop', 'store:stop']);
  });
});

const GREETING = requestFact<string>('a greeting', { publishedBy: 'publisher' });

const publisher = definePolicy({
  name: 'publisher',
  phase: 'operation',
  enabledByDefault: true,
  options: z.strictObject({}),
  publishes: [GREETING],
  create: (_options, { facts }) => ({
    operation: ({ contextValue, operationName }) =>
      facts.publish(contextValue.state, GREETING, `hello ${operationName ?? 'anonymous'}`),
  }),
});

describe('request facts', () => {
  it('are published by one policy and read by another that depends on it', async () => {
    const reader = definePolicy({
      name: 'reader',
      phase: 'response',
      dependsOn: ['publisher'],
      enabledByDefault: true,
      options: z.strictObject({}),
      reads: [GREETING],
      create: (_options, { facts }) => ({
        response: ({ contextValue, response }) => {
          if (response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { greeting: facts.read(contextValue.state, GREETING) };
        },
      }),
    });
    kit = await startPolicyKit({ add: [publisher, reader] });
    const result = await kit.run('query Shop { topProducts(first: 1) { upc } }');
    expect(result.body.extensions).toEqual({ greeting: 'hello Shop' });
  });

  it('cannot be read without depending on the publisher (boot), nor used undeclared (at run time)', async () => {
    const sneaky = definePolicy({
      name: 'sneaky',
      phase: 'response',
      options: z.strictObject({}),
      reads: [GREETING],
      create: () => ({ response: () => undefined }),
    });
    const deps = { logger: silentLogger(), supergraph: noSupergraph };
    const settings = { publisher: { enabled: true, options: {} }, sneaky: { enabled: true, options: {} } };
    expect(() => assemblePipeline([publisher, sneaky], settings, deps)).toThrow(
      'Policy "sneaky" reads a greeting but does not depend on "publisher", which publishes it',
    );

    const undeclared = definePolicy({
      name: 'undeclared',
      phase: 'operation',
      enabledByDefault: true,
      options: z.strictObject({}),
      create: (_options, { facts }) => ({
        operation: ({ contextValue }) => facts.publish(contextValue.state, GREETING, 'forged'),
      }),
    });
    kit = await startPolicyKit({ add: [undeclared] });
    const result = await kit.run('{ topProducts(first: 1) { upc } }');
    expect(result.status).toBe(500);
    expect(kit.requests).toEqual([]);
  });
});

describe('the subgraph-request phase', () => {
  it('runs before each subgraph fetch, with the subgraph name', async () => {
    const seen: string[] = [];
    const tagging = definePolicy({
      name: 'tagging',
      phase: 'subgraph-request',
      enabledByDefault: true,
      options: z.strictObject({}),
      create: () => ({
        subgraphRequest: ({ subgraph, headers, context }) => {
          seen.push(subgraph);
          headers.set('x-test-tag', `${subgraph}:${context.state.requestId}`);
        },
      }),
    });
    kit = await startPolicyKit({ add: [tagging] });
    const result = await kit.run('{ topProducts(first: 1) { name inStock reviews { body } } }');
    const requestId = result.headers.get('x-request-id');
    expect(result.body.errors).toBeUndefined();
    expect(kit.requests.map((request) => request.subgraph).sort()).toEqual([
      'inventory',
      'products',
      'reviews',
    ]);
    for (const request of kit.requests) {
      expect(request.headers['x-test-tag']).toBe(`${request.subgraph}:${requestId}`);
    }
    expect(seen.sort()).toEqual(['inventory', 'products', 'reviews']);
  });
});
