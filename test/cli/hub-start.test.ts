// `atrium hub start --config FILE --registry URL --token T`: the flags apply to the registry source the
// config file names, not only to one given with --graph.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import {
  startFakeRegistry,
  startTestGraph,
  tempDir,
  type FakeRegistry,
  type TestGraph,
} from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'atr_flag_reader_token';
const GRAPH_REF = 'shop@cli';

let graph: TestGraph;
let registry: FakeRegistry;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  graph = await startTestGraph();
  registry = await startFakeRegistry({ token: TOKEN, graphRef: GRAPH_REF });
  registry.publish(graph.supergraphSdl);
  dir = await tempDir();
});

afterAll(async () => {
  await registry?.close();
  await graph?.close();
  await dir?.remove();
});

describe('atrium hub start --config with --registry and --token', () => {
  it('polls the registry and with the token given as flags, over what the file says', async () => {
    const file = join(dir.path, 'hub.yaml');
    await writeFile(
      file,
      [
        'server: { port: 0 }',
        'supergraph:',
        '  registry:',
        '    url: http://127.0.0.1:1',
        `    graph: ${GRAPH_REF}`,
        '    token: token-from-the-file',
        '    pollIntervalMs: 50',
        `lastKnownGood: { dir: ${join(dir.path, 'lkg')} }`,
        'logLevel: silent',
      ].join('\n'),
    );
    const running = runCli(['hub', 'start', '--config', file, '--registry', registry.url, '--token', TOKEN]);
    try {
      await waitFor(() => (registry.stats.requests >= 2 ? true : undefined), {
        what: 'polls at the --registry URL',
      });
      expect(registry.stats.unauthorized).toBe(0);
    } finally {
      process.emit('SIGTERM', 'SIGTERM');
    }
    expect((await running).code).toBe(0);
  });

  it('refuses --registry or --token with --supergraph (exit 2)', async () => {
    const result = await runCli(['hub', 'start', '--supergraph', 'x.graphql', '--registry', registry.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--registry and --token');
  });
});
