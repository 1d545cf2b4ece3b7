/**
 * Persisted operations end to end: the real registry (records and manifests managed with `atrium`), a hub
 * polling its feed, the example subgraphs (each request counted), the real OpenID Provider. `enforce` serves
 * registered operations by id and by body and refuses the rest before any subgraph is asked; `audit` serves and
 * logs; a retired version stops being served without restart; APQ registration cannot get around `enforce`;
 * `ids-only` refuses bodies; and a hub serving a supergraph file reads a local manifest.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubConfig, type DeepPartial, type HubConfigInput } from '../../../hub/config/load-hub-config.js';
import { startHub, type RunningHub } from '../../../hub/server.js';
import { startRegistry } from '../../../registry/server.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleManifestPath,
  exampleSchemaPath,
  startExampleSubgraphs,
  type StartedSubgraphs,
} from '../../../subgraphs-example/index.js';
import { runCli } from '../../helpers/cli.js';
import { composeExampleSupergraph } from '../../helpers/compose-supergraph.js';
import { captureLogs, getGraphQL, postGraphQL, trustIssuer, type CapturedLogs } from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';
import { waitFor } from '../../helpers/wait.js';

const ADMIN_TOKEN = 'atr_persisted_ops_e2e_admin_token_01234';
const REF = 'shop@e2e';
const UNREGISTERED = '{ topProducts(first: 1) { upc } }';

interface ManifestOperation {
  id: string;
  name: string;
  body: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

let work: string;
let subgraphs: StartedSubgraphs;
let subgraphRequests = 0;
let registry: Awaited<ReturnType<typeof startRegistry>>;
let issuer: TestIssuer;
let env: Record<string, string>;
let operation: ManifestOperation;
let hub: RunningHub;
let logs: CapturedLogs;
const hubs: RunningHub[] = [];

const cli = async (...argv: string[]) => {
  const result = await runCli(argv, { env });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
};
const token = (clientId: string) =>
  issuer.signToken({ ...issuer.accessTokenClaims(), azp: clientId, client_id: clientId });
const as = async (clientId: string) => ({ authorization: `Bearer ${await token(clientId)}` });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'atrium-pq-'));
  subgraphs = await startExampleSubgraphs({ onRequest: () => (subgraphRequests += 1) });
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN_TOKEN, logger: false });
  issuer = await startTestIssuer();
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN_TOKEN };
  await cli('graph', 'create', 'shop');
  for (const name of EXAMPLE_SUBGRAPH_NAMES) {
    await cli(
      'subgraph',
      'publish',
      REF,
      '--name',
      name,
      '--schema',
      exampleSchemaPath(name),
      '--routing-url',
      subgraphs.urls[name],
    );
  }
  for (const [id, mode] of [
    ['web', 'enforce'],
    ['auditor', 'audit'],
    ['strict', 'ids-only'],
  ] as const) {
    await cli('client', 'create', 'shop', id, '--client-id', `${id}-app`, '--persisted-operations', mode);
    await cli(
      'operations',
      'publish',
      REF,
      '--client',
      id,
      '--client-version',
      '1.0.0',
      '--manifest',
      exampleManifestPath(),
    );
  }
  const manifest = JSON.parse(await readFile(exampleManifestPath(), 'utf8')) as {
    operations: ManifestOperation[];
  };
  operation = manifest.operations.find((candidate) => !candidate.body.includes('$'))!;
  logs = captureLogs('info');
  const overrides = {
    server: { port: 0 },
    supergraph: { registry: { url: registry.url, graph: REF, token: ADMIN_TOKEN, pollIntervalMs: 100 } },
    lastKnownGood: { dir: join(work, 'lkg') },
    auth: { issuers: [trustIssuer(issuer)] },
    persistedOperations: {},
    policies: { 'request-logging': { enabled: false } },
  } as DeepPartial<HubConfigInput>;
  hub = await startHub(loadHubConfig({ env: {}, cwd: work, overrides }), { logger: logs.logger });
  hubs.push(hub);
  await waitFor(() => (hub.ready() ? true : undefined), { what: 'hub ready' });
}, 90_000);

afterAll(async () => {
  for (const started of hubs) await started.close();
  await registry?.close();
  await issuer?.close();
  await subgraphs?.close();
  await rm(work, { recursive: true, force: true });
});

const graphql = () => `${hub.url}/graphql`;

describe('enforce', () => {
  it('serves a registered operation by APQ hash, documentId (three forms), GET, and by body', async () => {
    const headers = await as('web-app');
    const answers = await Promise.all([
      postGraphQL(graphql(), { extensions: apq(operation.id) }, headers),
      postGraphQL(graphql(), { documentId: operation.id }, headers),
      postGraphQL(graphql(), { documentId: `sha256:${operation.id}` }, headers),
      postGraphQL(graphql(), { documentId: `web~1.0.0~${operation.id}` }, headers),
      getGraphQL(
        graphql(),
        { extensions: JSON.stringify(apq(operation.id)) },
        { ...headers, 'apollo-require-preflight': 'true' },
      ),
      postGraphQL(graphql(), { query: operation.body }, headers),
      // Normalised: other whitespace and a comment still match the registered body.
      postGraphQL(graphql(), { query: `# the top\n${operation.body.replaceAll(' ', '\n  ')}` }, headers),
    ]);
    for (const answer of answers) {
      // (The test token has no scope for `User.birthday`: field-authz nulls it, the operation runs.)
      const codes = new Set(answer.body.errors?.map((error) => error.extensions?.['code']));
      expect([...codes], JSON.stringify(answer.body.errors?.[0])).toEqual(
        answer.body.errors ? ['UNAUTHORIZED_FIELD_OR_TYPE'] : [],
      );
      expect(answer.status).toBe(200);
      expect(answer.body.data).toHaveProperty('topProducts');
    }
  });

  it('refuses an unregistered document (403) and an unknown id, and asks no subgraph', async () => {
    const headers = await as('web-app');
    const before = subgraphRequests;
    const body = await postGraphQL(graphql(), { query: UNREGISTERED }, headers);
    expect(body.status).toBe(403);
    expect(body.body.errors?.[0]?.extensions?.['code']).toBe('OPERATION_NOT_ALLOWED');
    expect(body.body.errors?.[0]?.message).toBe('This operation is not registered for client web');
    const unknown = await postGraphQL(graphql(), { extensions: apq(sha256(UNREGISTERED)) }, headers);
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.body.data).toBeUndefined();
    const invalid = await postGraphQL(graphql(), { documentId: 'not-a-hash' }, headers);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_ID_INVALID');
    expect(subgraphRequests).toBe(before);
  });

  it('does not let APQ registration (hash and query) get around enforce', async () => {
    const headers = await as('web-app');
    const before = subgraphRequests;
    const hash = sha256(UNREGISTERED);
    const register = await postGraphQL(graphql(), { query: UNREGISTERED, extensions: apq(hash) }, headers);
    expect(register.status).toBe(403);
    expect(register.body.errors?.[0]?.extensions?.['code']).toBe('OPERATION_NOT_ALLOWED');
    // An `off` caller (anonymous) registering it through Apollo's APQ cache does not help either: it is off.
    const anonymous = await postGraphQL(graphql(), { query: UNREGISTERED, extensions: apq(hash) });
    expect(anonymous.status).toBe(200);
    const after = await postGraphQL(graphql(), { extensions: apq(hash) }, headers);
    expect(after.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    const anonymousAgain = await postGraphQL(graphql(), { extensions: apq(hash) });
    expect(anonymousAgain.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(subgraphRequests).toBe(before + 1); // the anonymous body only
  });
});

describe('audit and ids-only', () => {
  it('audit serves an unregistered document and logs it once with client, hash and operation name', async () => {
    const answer = await postGraphQL(
      graphql(),
      { query: `query Audited ${UNREGISTERED}`, operationName: 'Audited' },
      await as('auditor-app'),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ topProducts: [{ upc: expect.any(String) as string }] });
    const warned = logs.lines.filter((line) => line['msg'] === 'unregistered operation (audit mode)');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({
      client: 'auditor',
      hash: sha256(`query Audited ${UNREGISTERED}`),
      operationName: 'Audited',
      unregistered: 1,
    });
    const registered = await postGraphQL(graphql(), { documentId: operation.id }, await as('auditor-app'));
    expect(registered.body.data).toHaveProperty('topProducts');
  });

  it('ids-only refuses a registered document sent as a body, and serves it by id', async () => {
    const headers = await as('strict-app');
    const body = await postGraphQL(graphql(), { query: operation.body }, headers);
    expect(body.status).toBe(403);
    expect(body.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_ID_REQUIRED');
    const both = await postGraphQL(
      graphql(),
      { query: operation.body, extensions: apq(operation.id) },
      headers,
    );
    expect(both.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_ID_REQUIRED');
    const byId = await postGraphQL(graphql(), { documentId: operation.id }, headers);
    expect(byId.body.data).toHaveProperty('topProducts');
  });
});

it('stops serving a retired version without a hub restart', async () => {
  const headers = await as('web-app');
  expect((await postGraphQL(graphql(), { documentId: operation.id }, headers)).status).toBe(200);
  await cli('operations', 'retire', REF, '--client', 'web', '--client-version', '1.0.0', '--reason', 'EOL');
  const refused = await waitFor(
    async () => {
      const answer = await postGraphQL(graphql(), { documentId: operation.id }, headers);
      return answer.body.errors?.[0]?.extensions?.['code'] === 'PERSISTED_QUERY_NOT_FOUND'
        ? answer
        : undefined;
    },
    { what: 'the retired version to be gone' },
  );
  expect(refused.status).toBe(200);
  const byBody = await postGraphQL(graphql(), { query: operation.body }, headers);
  expect(byBody.status).toBe(403);
});

it('a hub serving a supergraph file reads local manifests', async () => {
  const supergraphFile = join(work, 'supergraph.graphql');
  await writeFile(supergraphFile, composeExampleSupergraph(subgraphs.urls).supergraphSdl);
  const overrides = {
    server: { port: 0 },
    supergraph: { file: supergraphFile },
    lastKnownGood: { dir: join(work, 'lkg-file') },
    clients: { records: [{ id: 'anonymous', persistedOperations: 'enforce' }] },
    persistedOperations: {
      manifests: [{ client: 'anonymous', version: 'local', file: exampleManifestPath() }],
    },
    policies: { 'request-logging': { enabled: false } },
  } as DeepPartial<HubConfigInput>;
  const fileHub = await startHub(loadHubConfig({ env: {}, cwd: work, overrides }), {
    logger: captureLogs().logger,
  });
  hubs.push(fileHub);
  await waitFor(() => (fileHub.ready() ? true : undefined), { what: 'file hub ready' });
  const byId = await postGraphQL(`${fileHub.url}/graphql`, { extensions: apq(operation.id) });
  expect(byId.body.data).toHaveProperty('topProducts');
  const before = subgraphRequests;
  const other = await postGraphQL(`${fileHub.url}/graphql`, { query: UNREGISTERED });
  expect(other.status).toBe(403);
  expect(other.body.errors?.[0]?.extensions?.['code']).toBe('OPERATION_NOT_ALLOWED');
  expect(subgraphRequests).toBe(before);
});

it('limits.skipPersisted: registered operations skip the document limits, others keep them', async () => {
  const supergraphFile = join(work, 'supergraph-limits.graphql');
  await writeFile(supergraphFile, composeExampleSupergraph(subgraphs.urls).supergraphSdl);
  const config = (skipPersisted: boolean) =>
    loadHubConfig({
      env: {},
      cwd: work,
      overrides: {
        server: { port: 0 },
        supergraph: { file: supergraphFile },
        lastKnownGood: { dir: join(work, 'lkg-limits') },
        clients: { records: [{ id: 'anonymous', persistedOperations: 'audit' }] },
        persistedOperations: {
          manifests: [{ client: 'anonymous', version: 'local', file: exampleManifestPath() }],
        },
        limits: { maxDepth: { max: 2 }, skipPersisted },
        policies: { 'request-logging': { enabled: false } },
      },
    });
  for (const skipPersisted of [true, false]) {
    const limited = await startHub(config(skipPersisted), { logger: captureLogs().logger });
    hubs.push(limited);
    await waitFor(() => (limited.ready() ? true : undefined), { what: 'limits hub ready' });
    const byId = await postGraphQL(`${limited.url}/graphql`, { documentId: operation.id });
    if (skipPersisted) expect(byId.body.data).toHaveProperty('topProducts');
    else expect(byId.body.errors?.[0]?.extensions?.['code']).toBe('MAX_DEPTH_EXCEEDED');
    const deep = await postGraphQL(`${limited.url}/graphql`, {
      query: '{ topProducts { reviews { author { username } } } }',
    });
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.extensions?.['code']).toBe('MAX_DEPTH_EXCEEDED');
  }
});
