// The usage policy reads two request facts of other policies in a real hub over the example subgraphs: the
// registered operation a request ran (PERSISTED_OPERATION, from `persisted-operations`), recorded per entry as
// `persistedOperationId`, and the client record the request was matched to from verified facts (CLIENT_RECORD,
// from `clients`: here an address record), recorded as `verifiedClientId`. The batches go to a registry stand-in.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubConfig } from '../../../hub/config/load-hub-config.js';
import { startHub, type RunningHub } from '../../../hub/server.js';
import { usageBatchSchema } from '../../../lib/usage-batch.js';
import type { UsageBatch } from '../../../policies/usage/usage-batch.js';
import {
  exampleManifestPath,
  startExampleSubgraphs,
  type StartedSubgraphs,
} from '../../../subgraphs-example/index.js';
import { composeExampleSupergraph } from '../../helpers/compose-supergraph.js';
import { postGraphQL, silentLogger, tempDir } from '../../helpers/hub.js';
import { waitFor } from '../../helpers/wait.js';

let subgraphs: StartedSubgraphs;
let dir: Awaited<ReturnType<typeof tempDir>>;
let sink: Server;
let hub: RunningHub | undefined;
const batches: UsageBatch[] = [];
let registered: { id: string; body: string };

beforeAll(async () => {
  subgraphs = await startExampleSubgraphs();
  dir = await tempDir();
  const file = join(dir.path, 'supergraph.graphql');
  await writeFile(file, composeExampleSupergraph(subgraphs.urls).supergraphSdl);
  const manifest = JSON.parse(await readFile(exampleManifestPath(), 'utf8')) as {
    operations: { id: string; body: string }[];
  };
  registered = manifest.operations.find((candidate) => !candidate.body.includes('$')) as typeof registered;
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // What the registry would do: validate with the one schema both sides share.
      batches.push(usageBatchSchema.parse(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8'))));
      res.writeHead(202).end('{}');
    });
  });
  await new Promise<void>((listening) => sink.listen(0, '127.0.0.1', listening));
  const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  hub = await startHub(
    loadHubConfig({
      env: {},
      cwd: dir.path,
      overrides: {
        server: { port: 0 },
        supergraph: { file },
        lastKnownGood: { dir: join(dir.path, 'hub') },
        clients: {
          records: [
            {
              id: 'office',
              recognition: { kind: 'remote-address', addresses: ['127.0.0.1/32'] },
              persistedOperations: 'audit',
            },
          ],
        },
        persistedOperations: {
          manifests: [{ client: 'office', version: 'local', file: exampleManifestPath() }],
        },
        usage: { token: 'usage-token', url, graph: 'shop@test', flushIntervalMs: 60_000 },
        policies: { 'request-logging': { enabled: false } },
      },
    }),
    { logger: silentLogger() },
  );
  const running = hub;
  await waitFor(() => (running.ready() ? true : undefined), { what: 'the hub' });
});
afterAll(async () => {
  await hub?.close();
  await subgraphs?.close();
  await new Promise((closed) => sink?.close(closed));
  await dir?.remove();
});

describe('usage policy and the request facts of other policies', () => {
  it('records the registered operation a request ran and the verified client record', async () => {
    const running = hub as RunningHub;
    const headers = { 'apollographql-client-name': 'web', 'apollographql-client-version': '1.0' };
    const byId = await postGraphQL(`${running.url}/graphql`, { documentId: registered.id }, headers);
    expect(byId.body.errors).toBeUndefined();
    const byBody = await postGraphQL(`${running.url}/graphql`, { query: registered.body }, headers);
    expect(byBody.body.errors).toBeUndefined();
    const unregistered = await postGraphQL(
      `${running.url}/graphql`,
      { query: '{ topProducts(first: 1) { upc } }' },
      headers,
    );
    expect(unregistered.body.errors).toBeUndefined();
    await running.close();
    hub = undefined;

    const entries = batches.flatMap((batch) => batch.entries);
    const summary = entries
      .map((entry) => ({
        persistedOperationId: entry.persistedOperationId,
        verifiedClientId: entry.verifiedClientId,
        client: entry.client,
        count: entry.count,
      }))
      .sort((a, b) => (a.persistedOperationId ?? '').localeCompare(b.persistedOperationId ?? ''));
    expect(summary).toEqual([
      {
        persistedOperationId: null,
        verifiedClientId: 'office',
        client: { name: 'web', version: '1.0' },
        count: 1,
      },
      {
        persistedOperationId: registered.id,
        verifiedClientId: 'office',
        client: { name: 'web', version: '1.0' },
        count: 2,
      },
    ]);
  });
});
