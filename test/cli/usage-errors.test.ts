// Issue 9, defects 1, 2, 4 and 5: usage errors exit 2 (and print `{ error: { code, message } }` on stdout under
// --json), `supergraph fetch --version N` is the fetch's option, and a closed stdout does not crash the CLI.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_usage_test_admin_0123456789abcdefgh';
const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const V1 = `${link}\ntype Query { hello: String }\n`;
const V2 = `${link}\ntype Query { hello: String world: String }\n`;

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  const publish = ['subgraph', 'publish', 'shop@dev', '--name', 'hello', '--schema', '-'];
  expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
  const url = ['--routing-url', 'http://127.0.0.1:9/graphql'];
  expect((await runCli([...publish, ...url], { env, stdin: V1 })).code).toBe(0);
  expect((await runCli(publish, { env, stdin: V2 })).code).toBe(0);
});

afterAll(async () => {
  await registry?.close();
});

describe('supergraph fetch --version (defect 1)', () => {
  it('fetches that version, not the CLI version', async () => {
    for (const args of [['--version', '1'], ['--version=1']]) {
      const result = await runCli(['supergraph', 'fetch', 'shop@dev', ...args, '--json'], { env });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ supergraph: { version: 1 } });
    }
    const current = await runCli(['supergraph', 'fetch', 'shop@dev'], { env });
    expect(current.stdout).toContain('world: String');
    expect(current.stdout).not.toBe('0.1.0\n');
  });
});

describe('--json on usage errors (defect 2)', () => {
  it.each([
    [
      ['subgraph', 'publish', 'shop@dev', '--schema', '-', '--json'],
      'give --name and --schema, or --config <supergraph.yaml>',
    ],
    [['subgraph', 'list', 'shop@dev', '--no-such-flag', '--json'], "unknown option '--no-such-flag'"],
    [['subgraph', 'frobnicate', '--json'], "unknown command 'frobnicate'"],
  ])('%j prints {error:{code,message}} on stdout and exits 2', async (argv, message) => {
    const result = await runCli(argv, { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    const body = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('USAGE');
    expect(body.error.message).toContain(message);
  });

  it('gives a message with INVALID_SDL from schema diff --json', async () => {
    const result = await runCli(['schema', 'diff', '-', 'package.json', '--json'], {
      env,
      stdin: 'type Query {',
    });
    expect(result.code).toBe(2);
    const body = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_SDL');
    expect(body.error.message).toMatch(/<stdin> does not parse/);
  });
});

describe('usage errors exit 2 (defect 5)', () => {
  it.each([
    [['graph', 'changelog', 'shop@dev', '--since', 'yesterday'], '--since'],
    [['graph', 'lint-config', 'shop@dev'], 'graph name'],
    [['graph', 'create', 'bad name'], 'invalid graph name'],
    [['graph', 'list', '--registry', 'notaurl'], '--registry'],
  ])('%j', async (argv, message) => {
    const result = await runCli(argv, { env });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('accepts a version number or an ISO date for --since', async () => {
    expect((await runCli(['graph', 'changelog', 'shop@dev', '--since', '1'], { env })).code).toBe(0);
    const date = await runCli(['graph', 'changelog', 'shop@dev', '--since', '2020-01-01'], { env });
    expect(date.code, date.stderr).toBe(0);
  });
});

describe('a closed stdout (defect 4)', () => {
  it('`atrium --help | head -1` ends without EPIPE', async () => {
    const loader = fileURLToPath(
      new URL('../../registry/workers/typescript-loader/register.mjs', import.meta.url),
    );
    const main = fileURLToPath(new URL('../helpers/cli-main.ts', import.meta.url));
    for (let attempt = 0; attempt < 3; attempt++) {
      const child = spawn(process.execPath, ['--import', loader, main, '--help'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.destroy(); // the reader is gone before the CLI writes
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(stderr).not.toContain('EPIPE');
      expect(code).toBe(0);
    }
  });
});
