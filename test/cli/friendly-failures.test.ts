// Issue 9, defects 3 and 13: ordinary mistakes get a one-paragraph actionable message and the documented exit
// code, never `unexpected failure` with a stack trace; refusals say what to do.
import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import { startRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';
import { silentLogger, startTestGraph, tempDir, testHubConfig, type TestGraph } from '../helpers/hub.js';

const ADMIN = 'atr_friendly_admin_0123456789abcdefghij';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let dir: Awaited<ReturnType<typeof tempDir>>;
let graph: TestGraph;
let hub: RunningHub;
let taken: Server;
let takenPort: number;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  dir = await tempDir();
  graph = await startTestGraph();
  const supergraphFile = join(dir.path, 'supergraph.graphql');
  await writeFile(supergraphFile, graph.supergraphSdl);
  hub = await startHub(testHubConfig({ supergraph: { file: supergraphFile } }), { logger: silentLogger() });
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});

afterAll(async () => {
  await hub?.close();
  await graph?.close();
  await registry?.close();
  await new Promise((resolve) => taken?.close(resolve));
  await dir?.remove();
});

function expectNoStack(stderr: string): void {
  expect(stderr).not.toContain('unexpected failure');
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('ordinary mistakes (defect 3)', () => {
  it('hub start --config with invalid YAML: exit 2, the file and what to do', async () => {
    const file = join(dir.path, 'bad.yaml');
    await writeFile(file, 'server: [\n');
    const result = await runCli(['hub', 'start', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not valid YAML');
    expect(result.stderr).toContain('docs/configuration.md');
    expectNoStack(result.stderr);
  });

  it('hub start --config with a missing file: exit 2', async () => {
    const result = await runCli(['hub', 'start', '--config', join(dir.path, 'missing.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read the config file');
    expectNoStack(result.stderr);
  });

  it('registry start on a taken port: exit 1, which port and how to choose another', async () => {
    const result = await runCli(
      ['registry', 'start', '--port', String(takenPort), '--data-dir', 'memory://'],
      { env: { ATRIUM_ADMIN_TOKEN: ADMIN } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${takenPort}`);
    expect(result.stderr).toContain('already in use');
    expect(result.stderr).toContain('--port');
    expectNoStack(result.stderr);
    const json = await runCli(
      ['registry', 'start', '--port', String(takenPort), '--data-dir', 'memory://', '--json'],
      { env: { ATRIUM_ADMIN_TOKEN: ADMIN } },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'PORT_IN_USE' } });
  });

  it('registry start with a too-short ATRIUM_ADMIN_TOKEN: exit 2', async () => {
    const result = await runCli(['registry', 'start', '--port', '0', '--data-dir', 'memory://'], {
      env: { ATRIUM_ADMIN_TOKEN: 'short' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ATRIUM_ADMIN_TOKEN');
    expectNoStack(result.stderr);
  });

  it('graph lint-config --file with invalid JSON: exit 2 and the expected shape', async () => {
    const file = join(dir.path, 'bad.json');
    await writeFile(file, '{"rules": {');
    const env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
    const result = await runCli(['graph', 'lint-config', 'shop', '--file', file], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('neither valid JSON nor YAML');
    expect(result.stderr).toContain('"rules"');
    expectNoStack(result.stderr);
  });
});

describe('messages that say what to do (defect 13)', () => {
  it('no token: names --token and $ATRIUM_TOKEN', async () => {
    const result = await runCli(['token', 'list'], { env: { ATRIUM_REGISTRY_URL: registry.url } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('UNAUTHENTICATED');
    expect(result.stderr).toContain('--token');
    expect(result.stderr).toContain('$ATRIUM_TOKEN');
  });

  it('a refused token: says where it came from', async () => {
    const result = await runCli(['token', 'list', '--token', 'atr_wrong_token_000000000000'], {
      env: { ATRIUM_REGISTRY_URL: registry.url },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the token from --token was refused');
  });

  it('pointed at the hub: says it does not look like an Atrium registry (exit 3)', async () => {
    const result = await runCli(['graph', 'list', '--registry', hub.url, '--token', ADMIN]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('does not look like an Atrium registry');
    expect(result.stderr).not.toContain('HTTP_404');
    const json = await runCli(['graph', 'list', '--registry', hub.url, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'NOT_A_REGISTRY' } });
  });

  it('client, webhook and graph commands pointed at a web page (200 HTML): NOT_A_REGISTRY, exit 3', async () => {
    const page = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Welcome</title>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(page.address() as { port: number }).port}`;
    try {
      for (const args of [
        ['client', 'list', 'shop'],
        ['webhook', 'list', 'shop'],
        ['graph', 'list'],
      ]) {
        const result = await runCli([...args, '--registry', url, '--token', ADMIN, '--json']);
        expect(result.code, args.join(' ')).toBe(3);
        expect(JSON.parse(result.stdout), args.join(' ')).toMatchObject({
          error: { code: 'NOT_A_REGISTRY' },
        });
      }
    } finally {
      await new Promise((resolve) => page.close(resolve));
    }
  });
});
