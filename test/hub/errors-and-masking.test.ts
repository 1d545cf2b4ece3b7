import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMaskingFormatError } from '../../hub/graphql/format-error.js';
import { startHub, type RunningHub } from '../../hub/server.js';
import {
  captureLogs,
  postGraphQL,
  silentLogger,
  startTestGraph,
  tempDir,
  testHubConfig,
  type TestGraph,
} from '../helpers/hub.js';

let graph: TestGraph;
let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
let production: RunningHub;
let development: RunningHub;

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
  file = join(dir.path, 'supergraph.graphql');
  await writeFile(file, graph.supergraphSdl);
  production = await startHub(testHubConfig({ supergraph: { file } }, { NODE_ENV: 'production' }), {
    logger: silentLogger(),
  });
  development = await startHub(testHubConfig({ supergraph: { file } }), { logger: silentLogger() });
});

afterAll(async () => {
  await production?.close();
  await development?.close();
  await graph?.close();
  await dir?.remove();
});

describe('error masking', () => {
  it('in production: no field suggestions and no stack traces', async () => {
    const result = await postGraphQL(`${production.url}/graphql`, { query: '{ products { nmae } }' });
    expect(result.status).toBe(400);
    const error = result.body.errors?.[0];
    expect(error?.message).toBe('Cannot query field "nmae" on type "Product".');
    expect(error?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error?.extensions).not.toHaveProperty('stacktrace');
  });

  it('in development: suggestions and stack traces help the developer', async () => {
    const result = await postGraphQL(`${development.url}/graphql`, { query: '{ products { nmae } }' });
    const error = result.body.errors?.[0];
    expect(error?.message).toMatch(/Did you mean "name"\?/);
    expect(error?.extensions).toHaveProperty('stacktrace');
  });

  it('in production: introspection is off', async () => {
    const result = await postGraphQL(`${production.url}/graphql`, {
      query: '{ __schema { queryType { name } } }',
    });
    expect(result.status).toBe(403);
    expect(result.body.errors?.[0]?.extensions?.['code']).toBe('INTROSPECTION_DISABLED');
    expect(JSON.stringify(result.body)).toMatch(/introspection/i);
  });

  it('masks internal errors to a generic message with their code and logs the original', () => {
    const logs = captureLogs();
    const formatError = createMaskingFormatError(logs.logger);
    const original = new Error('database password is hunter2');
    const formatted = formatError(
      { message: original.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      original,
    );
    expect(formatted).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logs.text()).toContain('hunter2');
    const userError = new GraphQLError('Bad input', { extensions: { code: 'BAD_USER_INPUT' } });
    expect(
      formatError({ message: 'Bad input', extensions: { code: 'BAD_USER_INPUT' } }, userError).message,
    ).toBe('Bad input');
  });
});

describe('a subgraph that is down', () => {
  it('yields partial data and an error naming the subgraph, with status 200', async () => {
    await graph.reviews.close();
    for (const hub of [development, production]) {
      const result = await postGraphQL(`${hub.url}/graphql`, {
        query: '{ products { upc name reviews { body } } }',
      });
      expect(result.status).toBe(200);
      expect(result.body.data).toEqual({
        products: [
          { upc: '1', name: 'Table', reviews: null },
          { upc: '2', name: 'Chair', reviews: null },
        ],
      });
      const error = result.body.errors?.[0];
      expect(error?.extensions?.['code']).toBe('SUBGRAPH_UNAVAILABLE');
      expect(error?.extensions?.['serviceName']).toBe('reviews');
      expect(error?.message).toContain('reviews');
    }
  });
});
