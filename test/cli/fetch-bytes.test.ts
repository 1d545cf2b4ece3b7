// Issue 9, defect 11: `supergraph fetch > file` and `--output file` hold the registry's bytes exactly, so they hash
// to the version hash (a hub serving the file reports the registry's hash).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_fetch_bytes_admin_0123456789abcdefg';
const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { hello: String }`; // no trailing newline: published as is

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;
let dir: string;
const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  dir = mkdtempSync(join(tmpdir(), 'atrium-fetch-'));
  expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
  const publish = ['subgraph', 'publish', 'shop@dev', '--name', 'hello', '--schema', '-'];
  const result = await runCli([...publish, '--routing-url', 'http://127.0.0.1:9/graphql'], {
    env,
    stdin: SDL,
  });
  expect(result.code, result.stderr).toBe(0);
});

afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fetch bytes', () => {
  it('supergraph fetch on stdout hashes to the version hash', async () => {
    const json = await runCli(['supergraph', 'fetch', 'shop@dev', '--json'], { env });
    const { supergraph } = JSON.parse(json.stdout) as { supergraph: { hash: string; supergraphSdl: string } };
    const plain = await runCli(['supergraph', 'fetch', 'shop@dev'], { env });
    expect(plain.stdout).toBe(supergraph.supergraphSdl);
    expect(sha256(plain.stdout)).toBe(supergraph.hash);
  });

  it('supergraph fetch --output writes the same bytes and a summary on stdout', async () => {
    const file = join(dir, 'supergraph.graphql');
    const result = await runCli(['supergraph', 'fetch', 'shop@dev', '--version', '1', '--output', file], {
      env,
    });
    expect(result.code).toBe(0);
    const json = JSON.parse(
      (await runCli(['supergraph', 'fetch', 'shop@dev', '--json'], { env })).stdout,
    ) as {
      supergraph: { hash: string };
    };
    expect(sha256(readFileSync(file))).toBe(json.supergraph.hash);
    expect(result.stdout).toBe(
      `Wrote supergraph version 1 (${json.supergraph.hash.slice(0, 12)}) to ${file}.\n`,
    );
  });

  it('subgraph fetch prints and writes the SDL as published', async () => {
    const plain = await runCli(['subgraph', 'fetch', 'shop@dev', '--name', 'hello'], { env });
    expect(plain.stdout).toBe(SDL);
    const file = join(dir, 'hello.graphql');
    await runCli(['subgraph', 'fetch', 'shop@dev', '--name', 'hello', '--output', file], { env });
    expect(readFileSync(file, 'utf8')).toBe(SDL);
  });
});
