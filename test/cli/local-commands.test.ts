// The local commands (no registry needed): subgraph introspect, supergraph compose (Rover's supergraph.yaml),
// subgraph lint (with the graph's rules when a registry is given), and atrium dev with hot reload.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';
import { spawnCli, type CliProcess } from '../helpers/cli-process.js';
import {
  FEDERATION_LINK,
  REVIEWS_TYPE_DEFS,
  productsResolvers,
  productsTypeDefs,
  reviewsResolvers,
  startTestSubgraph,
  type TestSubgraph,
} from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

let dir: string;
let products: TestSubgraph;
let reviews: TestSubgraph;
let guarded: Server;
let guardedUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atrium-local-'));
  products = await startTestSubgraph('products', productsTypeDefs('greeting: String'), productsResolvers);
  reviews = await startTestSubgraph('reviews', REVIEWS_TYPE_DEFS, reviewsResolvers);
  writeFileSync(join(dir, 'products.graphql'), productsTypeDefs());
  writeFileSync(
    join(dir, 'supergraph.yaml'),
    [
      'federation_version: =2.9.0',
      'subgraphs:',
      '  products:',
      `    routing_url: ${products.url}`,
      '    schema:',
      '      file: ./products.graphql',
      '  reviews:',
      `    routing_url: ${reviews.url}`,
      '    schema:',
      `      subgraph_url: ${reviews.url}`,
      '',
    ].join('\n'),
  );
  // A subgraph that answers _service only with the right header.
  guarded = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.headers['x-api-key'] !== 'sesame') {
      res.end(JSON.stringify({ errors: [{ message: 'missing x-api-key' }] }));
      return;
    }
    res.end(JSON.stringify({ data: { _service: { sdl: 'type Query { guarded: String }' } } }));
  });
  await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', resolve));
  guardedUrl = `http://127.0.0.1:${(guarded.address() as { port: number }).port}/graphql`;
});

afterAll(async () => {
  await products?.close();
  await reviews?.close();
  await new Promise((resolve) => guarded?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('atrium subgraph introspect', () => {
  it("prints a running subgraph's federation SDL", async () => {
    const result = await runCli(['subgraph', 'introspect', reviews.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('type Review');
    expect(result.stdout).toContain('@key');
  });

  it('sends --header, and exits 1 with the reason without it', async () => {
    const refused = await runCli(['subgraph', 'introspect', guardedUrl]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('missing x-api-key');
    const ok = await runCli(['subgraph', 'introspect', guardedUrl, '--header', 'X-Api-Key: sesame']);
    expect(ok.stdout).toBe('type Query { guarded: String }');
    const file = join(dir, 'guarded.graphql');
    await runCli(['subgraph', 'introspect', guardedUrl, '--header', 'X-Api-Key: sesame', '--output', file]);
    expect((await import('node:fs')).readFileSync(file, 'utf8')).toBe('type Query { guarded: String }');
  });
});

describe('atrium supergraph compose', () => {
  it('composes files and introspected URLs from a supergraph.yaml', async () => {
    const result = await runCli(['supergraph', 'compose', '--config', join(dir, 'supergraph.yaml')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('join__Graph');
    expect(result.stdout).toContain(`PRODUCTS @join__graph(name: "products", url: "${products.url}")`);
    expect(result.stdout).toContain('type Review');
  });

  it('exits 1 with the composition errors when the subgraphs do not compose', async () => {
    writeFileSync(join(dir, 'bad.graphql'), `${FEDERATION_LINK}\ntype Query { products: Int }\n`);
    writeFileSync(
      join(dir, 'bad.yaml'),
      `subgraphs:\n  products:\n    routing_url: ${products.url}\n    schema: { file: products.graphql }\n  bad:\n    routing_url: http://127.0.0.1:9\n    schema: { file: bad.graphql }\n`,
    );
    const result = await runCli(['supergraph', 'compose', '--config', join(dir, 'bad.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Composition failed with \d+ errors?/);
    const json = await runCli(['supergraph', 'compose', '--config', join(dir, 'bad.yaml'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'COMPOSITION_FAILED' } });
  });

  it('reports an invalid config with its paths (exit 2)', async () => {
    writeFileSync(join(dir, 'invalid.yaml'), 'subgraphs:\n  a:\n    schema: {}\n');
    const result = await runCli(['supergraph', 'compose', '--config', join(dir, 'invalid.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('subgraphs.a.schema');
  });
});

describe('atrium subgraph lint', () => {
  const sdl = `${FEDERATION_LINK}\ntype Query { top_products: [String] }\n`;

  it('lints locally with the default rules (warnings pass)', async () => {
    const result = await runCli(['subgraph', 'lint', '--schema', '-'], { stdin: sdl });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('FIELD_NAMES_CAMEL_CASE');
    expect(result.stdout).toContain("Field 'Query.top_products' should be camelCase");
  });

  it("uses the graph's rules with --graph (an error-level finding exits 1)", async () => {
    const admin = 'atr_local_lint_admin_0123456789abcdefgh';
    const registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: admin, logger: false });
    try {
      const env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: admin };
      expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
      await runCli(['graph', 'lint-config', 'shop', '--set', 'FIELD_NAMES_CAMEL_CASE=error'], { env });
      const result = await runCli(['subgraph', 'lint', '--schema', '-', '--graph', 'shop@dev'], {
        env,
        stdin: sdl,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^Schema check failed.*lint errors/);
    } finally {
      await registry.close();
    }
  });
});

describe('atrium dev', () => {
  let cli: CliProcess | undefined;
  afterAll(async () => {
    cli?.child.kill('SIGTERM');
    await cli?.exited;
  });

  it('runs a hub over the composition and reloads when a schema file changes', async () => {
    cli = spawnCli(
      ['dev', '--config', join(dir, 'supergraph.yaml'), '--port', '0', '--poll-interval', '200'],
      {
        HOME: dir,
      },
    );
    const line = await cli.line((l) => l.startsWith('atrium dev: hub on '), 60_000);
    const url = /hub on (\S+)/.exec(line)?.[1] ?? '';
    const query = async (q: string) =>
      (await (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: q }),
        })
      ).json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect((await query('{ products { name } }')).data).toBeDefined();
    expect((await query('{ greeting }')).errors).toBeDefined();
    writeFileSync(join(dir, 'products.graphql'), productsTypeDefs('greeting: String'));
    await waitFor(async () => ((await query('{ greeting }')).data ? true : undefined), { timeoutMs: 20_000 });
    expect(cli.stderr()).toContain('the hub reloads');
  });
});
