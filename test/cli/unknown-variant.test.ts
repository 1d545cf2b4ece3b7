// A mistyped variant (`shop@prodd`) must not pass a check green or read as empty: every read and check of a
// variant that does not exist fails with UNKNOWN_VARIANT and names the variants that do. Against a real registry.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleSchemaPath,
  exampleSubgraphSdl,
} from '../../subgraphs-example/index.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_cli_variant_admin_0123456789abcdefg';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;
let dir: string;
/** products without `Product.name`: a breaking change against shop@prod. */
let breakingSchema: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atrium-variant-'));
  breakingSchema = join(dir, 'products-breaking.graphql');
  await writeFile(breakingSchema, exampleSubgraphSdl('products').replace(/\n {2}name: String\n/, '\n'));
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
  for (const [index, name] of EXAMPLE_SUBGRAPH_NAMES.entries()) {
    const published = await runCli(
      [
        ...['subgraph', 'publish', 'shop@prod', '--name', name, '--schema', exampleSchemaPath(name)],
        ...['--routing-url', `http://127.0.0.1:${4001 + index}/graphql`],
      ],
      { env },
    );
    expect(published.code, published.stderr).toBe(0);
  }
});

afterAll(async () => {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
});

interface JsonError {
  error: { code: string; message: string; status: number; variants: string[] };
}

describe('a variant that does not exist', () => {
  it('fails a check against a mistyped variant (exit 1, UNKNOWN_VARIANT) instead of passing it green', async () => {
    const proposal = ['--name', 'products', '--schema', breakingSchema];
    const real = await runCli(['subgraph', 'check', 'shop@prod', ...proposal], { env });
    expect(real.code).toBe(1);
    expect(real.stdout).toContain('Product.name');

    const typo = await runCli(['subgraph', 'check', 'shop@prodd', ...proposal], { env });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('[UNKNOWN_VARIANT]');
    expect(typo.stderr).toContain('Variant "prodd" of graph "shop" does not exist');
    expect(typo.stderr).toContain('existing variants: prod');

    const json = await runCli(['subgraph', 'check', 'shop@prodd', ...proposal, '--json'], { env });
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as JsonError).error).toMatchObject({
      code: 'UNKNOWN_VARIANT',
      status: 404,
      variants: ['prod'],
    });
    // A delete check too, and nothing was stored for the typo.
    const deleteCheck = await runCli(['subgraph', 'check', 'shop@prodd', '--name', 'products', '--delete'], {
      env,
    });
    expect(deleteCheck.code).toBe(1);
    expect(deleteCheck.stderr).toContain('[UNKNOWN_VARIANT]');
  });

  it.each([
    ['subgraph list', ['subgraph', 'list', 'shop@prodd']],
    ['subgraph fetch', ['subgraph', 'fetch', 'shop@prodd', '--name', 'products']],
    ['subgraph delete', ['subgraph', 'delete', 'shop@prodd', '--name', 'products']],
    ['subgraph owner', ['subgraph', 'owner', 'shop@prodd', '--name', 'products', '--team', 'team-a']],
    ['supergraph fetch', ['supergraph', 'fetch', 'shop@prodd']],
    ['supergraph fetch --version', ['supergraph', 'fetch', 'shop@prodd', '--version', '1']],
    ['graph history', ['graph', 'history', 'shop@prodd']],
    ['graph changelog', ['graph', 'changelog', 'shop@prodd']],
    ['graph audit', ['graph', 'audit', 'shop@prodd']],
    ['check list', ['check', 'list', 'shop@prodd']],
  ])('%s exits 1 with UNKNOWN_VARIANT and lists the variants that exist', async (_name, argv) => {
    const human = await runCli(argv, { env });
    expect(human.code, human.stdout).toBe(1);
    expect(human.stderr).toMatch(
      /^error: \[UNKNOWN_VARIANT\] Variant "prodd" of graph "shop" does not exist \(existing variants: prod\)/,
    );
    expect(human.stdout).toBe('');
    const json = await runCli([...argv, '--json'], { env });
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as JsonError).error).toMatchObject({
      code: 'UNKNOWN_VARIANT',
      status: 404,
      variants: ['prod'],
    });
  });

  it('is created explicitly with `graph create shop@staging`: empty, checkable, and listed', async () => {
    const created = await runCli(['graph', 'create', 'shop@staging'], { env });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe('Created variant shop@staging.\n');
    const again = await runCli(['graph', 'create', 'shop@staging'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('[VARIANT_EXISTS]');
    const noGraph = await runCli(['graph', 'create', 'nosuch@staging'], { env });
    expect(noGraph.code).toBe(1);
    expect(noGraph.stderr).toContain('[UNKNOWN_GRAPH]');

    const list = await runCli(['subgraph', 'list', 'shop@staging'], { env });
    expect(list).toMatchObject({ code: 0, stdout: 'No subgraphs in shop@staging.\n' });
    const supergraph = await runCli(['supergraph', 'fetch', 'shop@staging'], { env });
    expect(supergraph.code).toBe(1);
    expect(supergraph.stderr).toContain('[SUPERGRAPH_NOT_FOUND]');
    const check = await runCli(
      ['subgraph', 'check', 'shop@staging', '--name', 'products', '--schema', breakingSchema],
      { env },
    );
    expect(check.code, check.stderr).toBe(0);

    const graphs = await runCli(['graph', 'list', '--json'], { env });
    expect(JSON.parse(graphs.stdout)).toMatchObject({
      graphs: [{ name: 'shop', variants: ['prod', 'staging'] }],
    });
    const typo = await runCli(['subgraph', 'list', 'shop@prodd'], { env });
    expect(typo.stderr).toContain('(existing variants: prod, staging)');
  });

  it('is created implicitly by its first publish, which says so', async () => {
    const first = await runCli(
      [
        ...['subgraph', 'publish', 'shop@canary', '--name', 'products'],
        ...['--schema', exampleSchemaPath('products'), '--routing-url', 'http://127.0.0.1:4002/graphql'],
      ],
      { env },
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Created variant shop@canary with this first publish.');
    const json = await runCli(
      [
        ...['subgraph', 'publish', 'shop@canary', '--name', 'accounts'],
        ...['--schema', exampleSchemaPath('accounts'), '--routing-url', 'http://127.0.0.1:4001/graphql'],
        '--json',
      ],
      { env },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'published',
      created: true,
      variantCreated: false,
    });
  });

  it('asks for --routing-url on the first publish to a new variant (exit 2), not for an unknown variant', async () => {
    const result = await runCli(
      ['subgraph', 'publish', 'shop@fresh', '--name', 'products', '--schema', exampleSchemaPath('products')],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--routing-url is required on its first publish');
  });

  it('names the graph when a graph has no variant yet', async () => {
    expect((await runCli(['graph', 'create', 'empty'], { env })).code).toBe(0);
    const result = await runCli(['subgraph', 'list', 'empty@prod'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Variant "prod" of graph "empty" does not exist (graph "empty" has no variants yet)',
    );
  });
});

describe('atrium supergraph fetch --version', () => {
  it("prints that supergraph version, not the CLI's version (which `atrium --version` prints)", async () => {
    const first = await runCli(['supergraph', 'fetch', 'shop@prod', '--version', '1', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      supergraph: { version: 1, change: { action: 'publish', subgraph: 'accounts' } },
    });
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(await runCli(['-V'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });
});
