import { HeaderMap } from '@apollo/server';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubConfig } from '../../hub/config/load-hub-config.js';
import { HubError } from '../../hub/errors.js';
import { assemblePipeline, type PoliciesConfig } from '../../hub/pipeline/assemble-pipeline.js';
import { createContextBuilder } from '../../hub/pipeline/pipeline-plugin.js';
import { policyTable } from '../../hub/pipeline/table.js';
import { startHub, type RunningHub } from '../../hub/server.js';
import { definePolicy, plannedPolicy, type PolicyTableEntry } from '../../policies/contract/policy.js';
import type { SupergraphView } from '../../policies/contract/supergraph-view.js';
import {
  captureLogs,
  postGraphQL,
  silentLogger,
  startTestGraph,
  tempDir,
  testHubConfig,
  type CapturedLogs,
  type TestGraph,
} from '../helpers/hub.js';

const noSupergraph: SupergraphView = {
  current: () => null,
  supergraphForSchema: () => undefined,
  onLoad: () => () => undefined,
};
const deps = { logger: silentLogger(), supergraph: noSupergraph };

function recordingPolicy(
  name: string,
  phase: 'context' | 'operation',
  calls: string[],
  dependsOn: string[] = [],
) {
  return definePolicy({
    name,
    phase,
    dependsOn,
    options: z.strictObject({ tag: z.string().default(name) }),
    create: ({ tag }) => ({
      context: async () => {
        await new Promise((resolve) => setTimeout(resolve, name === 'first' ? 20 : 0));
        calls.push(`${tag}:context`);
      },
      operation: () => void calls.push(`${tag}:operation`),
    }),
  });
}

function settings(enabled: string[]): PoliciesConfig {
  return Object.fromEntries(enabled.map((name) => [name, { enabled: true, options: {} }]));
}

describe('pipeline assembly (boot checks)', () => {
  it('fails loudly when an enabled policy depends on one that is not enabled, naming both', () => {
    const table: PolicyTableEntry[] = [
      recordingPolicy('auth', 'context', []),
      recordingPolicy('quotas', 'operation', [], ['auth']),
    ];
    let caught: unknown;
    try {
      assemblePipeline(table, settings(['quotas']), deps);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HubError);
    expect((caught as HubError).code).toBe('POLICY_DEPENDENCY_MISSING');
    expect((caught as HubError).message).toBe('Policy "quotas" depends on "auth", which is not enabled');
    expect(assemblePipeline(table, settings(['auth', 'quotas']), deps).enabled).toEqual(['auth', 'quotas']);
  });

  it('refuses unknown and not-yet-available policies with CONFIG_INVALID', () => {
    const table = [plannedPolicy({ name: 'usage', phase: 'response' })];
    expect(() => assemblePipeline(table, settings(['nope']), deps)).toThrow(/unknown policy "nope"/);
    expect(() => assemblePipeline(table, settings(['usage']), deps)).toThrow(/"usage" is not available yet/);
  });

  it('validates policy options with their schema at config load, with paths', () => {
    const table = [recordingPolicy('auth', 'context', [])];
    expect(() =>
      loadHubConfig({
        env: {},
        policyTable: table,
        overrides: { supergraph: { file: '/x' }, policies: { auth: { tag: 3 } } },
      }),
    ).toThrow(/policies\.auth\.tag: /);
  });

  it('the hub table is ordered by phase and lists the planned policies', () => {
    expect(policyTable.map((entry) => `${entry.name}:${entry.phase}:${entry.kind}`)).toEqual([
      'limits:context:policy',
      'auth:context:policy',
      'clients:context:policy',
      'persisted-operations:request:planned',
      'field-authz:operation:policy',
      'cost:operation:policy',
      'quotas:operation:policy',
      'identity-forwarding:subgraph-request:policy',
      'usage:response:policy',
      'request-logging:response:policy',
    ]);
  });
});

let graph: TestGraph;
let dir: Awaited<ReturnType<typeof tempDir>>;
let hub: RunningHub;
let logs: CapturedLogs;

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
  const file = join(dir.path, 'supergraph.graphql');
  await writeFile(file, graph.supergraphSdl);
  logs = captureLogs();
  hub = await startHub(testHubConfig({ supergraph: { file } }), { logger: logs.logger });
});

afterAll(async () => {
  await hub?.close();
  await graph?.close();
  await dir?.remove();
});

describe('request-logging policy', () => {
  it('writes one line per request with client, operation, duration, status and error codes, never secrets', async () => {
    const before = logs.lines.length;
    await postGraphQL(
      `${hub.url}/graphql`,
      { query: 'query TopProducts { products { upc } }', operationName: 'TopProducts' },
      {
        'apollographql-client-name': 'storefront',
        'apollographql-client-version': '1.4.2',
        authorization: 'Bearer super-secret-token',
      },
    );
    await postGraphQL(`${hub.url}/graphql`, { query: '{ products { nope } }' });

    const requestLines = logs.lines.slice(before).filter((line) => line['msg'] === 'graphql request');
    expect(requestLines).toHaveLength(2);
    expect(requestLines[0]).toMatchObject({
      policy: 'request-logging',
      clientName: 'storefront',
      clientVersion: '1.4.2',
      operationName: 'TopProducts',
      operationType: 'query',
      status: 200,
      errorCount: 0,
    });
    expect(requestLines[0]?.['durationMs']).toEqual(expect.any(Number));
    expect(requestLines[1]).toMatchObject({
      clientName: null,
      status: 400,
      errorCount: 1,
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
    });
    expect(logs.text()).not.toContain('super-secret-token');
  });

  it('logs the real duration of a request: a subgraph that takes 200 ms makes a line of at least 200 ms', async () => {
    const before = logs.lines.length;
    const result = await postGraphQL(`${hub.url}/graphql`, { query: '{ slow(ms: 200) }' });
    expect(result.body).toEqual({ data: { slow: 'done' } });

    const line = logs.lines.slice(before).find((entry) => entry['msg'] === 'graphql request');
    expect(line?.['durationMs']).toBeGreaterThanOrEqual(200);
    expect(line?.['durationMs']).toBeLessThan(60_000);
  });

  it('gives every request an id, returned in x-request-id and written in its log line', async () => {
    const before = logs.lines.length;
    const first = await postGraphQL(`${hub.url}/graphql`, { query: '{ products { upc } }' });
    const second = await postGraphQL(
      `${hub.url}/graphql`,
      { query: '{ products { upc } }' },
      {
        'x-request-id': 'chosen-by-the-client',
      },
    );
    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
    const lines = logs.lines.slice(before).filter((entry) => entry['msg'] === 'graphql request');
    expect(lines.map((entry) => entry['requestId'])).toEqual(ids);
  });
});

describe('pipeline order', () => {
  it('runs the hooks of one phase one after another, in table order', async () => {
    const calls: string[] = [];
    const table = [recordingPolicy('first', 'context', calls), recordingPolicy('second', 'context', calls)];
    const pipeline = assemblePipeline(table, settings(['first', 'second']), deps);
    await createContextBuilder(pipeline)(
      { method: 'POST', headers: new HeaderMap(), search: '', body: {} },
      { requestId: 'test', receivedAt: process.hrtime.bigint() },
    );
    expect(calls).toEqual(['first:context', 'second:context']);
  });
});
