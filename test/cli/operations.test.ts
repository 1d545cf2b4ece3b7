// `atrium operations publish|list|show|retire` against a real registry on an ephemeral port, on the example graph:
// the three manifest shapes, a set refused whole, exit codes, and `subgraph check` naming the client versions a
// change breaks (human, JSON, JUnit, SARIF) until the version is retired.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleManifestPath,
  exampleSchemaPath,
  exampleSubgraphSdl,
} from '../../subgraphs-example/index.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_cli_operations_admin_0123456789abcdef';
const REF = 'shop@current';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;
let dir: string;

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text, 'utf8');
  return path;
}

async function createClient(id: string): Promise<void> {
  const answer = await fetch(`${registry.url}/v1/graphs/shop/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, recognition: { kind: 'client-id', clientIds: [`${id}-oidc`] } }),
  });
  expect(answer.status).toBe(201);
}

const publish = (client: string, version: string, manifest: string, json = true) =>
  runCli(
    [
      'operations',
      'publish',
      REF,
      '--client',
      client,
      '--client-version',
      version,
      '--manifest',
      manifest,
      ...(json ? ['--json'] : []),
    ],
    { env },
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atrium-operations-'));
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
  for (const [index, name] of EXAMPLE_SUBGRAPH_NAMES.entries()) {
    const published = await runCli(
      [
        'subgraph',
        'publish',
        REF,
        '--name',
        name,
        '--schema',
        exampleSchemaPath(name),
        '--routing-url',
        `http://127.0.0.1:${4001 + index}/graphql`,
      ],
      { env },
    );
    expect(published.code, published.stderr).toBe(0);
  }
  for (const id of ['web', 'ios', 'android']) await createClient(id);
});

afterAll(async () => {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
});

describe('atrium operations', () => {
  it('publishes an Apollo manifest, then answers the same manifest as unchanged', async () => {
    const first = await publish('web', '1.0.0', exampleManifestPath(), false);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(
      'Created web@1.0.0 in shop@current: 2 new operations (2 in the version; apollo manifest).\n',
    );
    const again = await publish('web', '1.0.0', exampleManifestPath());
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', added: 0, format: 'apollo' });
  });

  it('publishes a { hash: body } map', async () => {
    const body = 'query Users { users(first: 3) { id username } }';
    const manifest = await file('map.json', JSON.stringify({ [sha256(body)]: body }));
    const published = await publish('ios', '2.1.0', manifest);
    expect(published.code, published.stdout).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({
      status: 'created',
      added: 1,
      format: 'map',
      version: { client: 'ios', version: '2.1.0', operationCount: 1 },
    });
  });

  it('publishes a folder of .graphql files: one document per named operation, with the fragments it uses', async () => {
    await file(
      'ops/fragments.graphql',
      'fragment Price on Product { price }\nfragment Unused on Product { upc }\n',
    );
    await file(
      'ops/product.graphql',
      'query ProductPrice($upc: String!) { product(upc: $upc) { upc ...Price } }\n',
    );
    await file('ops/nested/reviews.gql', 'query Reviews { topProducts { reviews { body } } }\n');
    const published = await publish('android', '3.0.0', join(dir, 'ops'));
    expect(published.code, published.stdout).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ status: 'created', added: 2, format: 'folder' });

    const shown = await runCli(
      ['operations', 'show', REF, '--client', 'android', '--client-version', '3.0.0', '--json'],
      { env },
    );
    expect(shown.code).toBe(0);
    const productPrice = [
      'query ProductPrice($upc: String!) {\n  product(upc: $upc) {\n    upc\n    ...Price\n  }\n}',
      'fragment Price on Product {\n  price\n}',
    ].join('\n\n');
    const reviews = 'query Reviews {\n  topProducts {\n    reviews {\n      body\n    }\n  }\n}';
    expect((JSON.parse(shown.stdout) as { version: { operations: unknown[] } }).version.operations).toEqual([
      { id: sha256(productPrice), name: 'ProductPrice', type: 'query', body: productPrice },
      { id: sha256(reviews), name: 'Reviews', type: 'query', body: reviews },
    ]);
  });

  it('refuses a manifest with one invalid operation whole (exit 1, per-operation errors), and a bad file (exit 2)', async () => {
    const good = 'query Fine { topProducts { upc } }';
    const bad = 'query Broken {\n  topProducts { upc colour }\n}';
    const manifest = await file('bad.json', JSON.stringify({ [sha256(good)]: good, [sha256(bad)]: bad }));
    const refused = await publish('web', '1.1.0', manifest, false);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      '✖ [OPERATIONS_INVALID] 1 of 2 operations refused for web@1.1.0 in shop@current; nothing was stored.',
    );
    expect(refused.stderr).toContain('Cannot query field "colour" on type "Product".');
    expect(refused.stderr).toMatch(/Broken\s+\S+\s+2:21/);

    const json = await publish('web', '1.1.0', manifest);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'rejected',
      code: 'OPERATIONS_INVALID',
      problems: [{ id: sha256(bad), name: 'Broken', locations: [{ line: 2, column: 21 }] }],
    });
    const missing = await runCli(
      ['operations', 'show', REF, '--client', 'web', '--client-version', '1.1.0', '--json'],
      { env },
    );
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'UNKNOWN_CLIENT_VERSION' } });

    const mismatch = await file('mismatch.json', JSON.stringify({ abc: good }));
    const wrongId = await publish('web', '1.1.0', mismatch);
    expect(wrongId.code).toBe(1);
    expect(JSON.parse(wrongId.stdout)).toMatchObject({ code: 'OPERATION_ID_MISMATCH' });

    const notJson = await file('notes.txt', 'hello');
    const unreadable = await publish('web', '1.1.0', notJson, false);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('is not JSON');
    expect((await publish('web', '1.1.0', join(dir, 'nowhere.json'), false)).code).toBe(2);
  });

  it('fails a check that removes a field registered operations use, naming each client version, until retired', async () => {
    const proposed = await file(
      'products-without-name.graphql',
      exampleSubgraphSdl('products').replace(/\n {2}name: String\n/, '\n'),
    );
    const check = (format: string) =>
      runCli(['subgraph', 'check', REF, '--name', 'products', '--schema', proposed, '--format', format], {
        env,
      });

    const human = await check('human');
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('2 registered operations broken');
    expect(human.stdout).toMatch(/web\s+1\.0\.0\s+Product\s/);
    expect(human.stdout).toMatch(/web\s+1\.0\.0\s+TopProducts\s/);
    expect(human.stdout).toContain('Cannot query field "name" on type "Product".');

    const json = JSON.parse((await check('json')).stdout) as {
      brokenOperations: { client: string; clientVersion: string; operationName: string }[];
    };
    expect(json.brokenOperations.map((b) => [b.client, b.clientVersion, b.operationName])).toEqual([
      ['web', '1.0.0', 'Product'],
      ['web', '1.0.0', 'TopProducts'],
    ]);
    const junit = (await check('junit')).stdout;
    expect(junit).toContain('<testsuite name="registered operations" tests="2" failures="2">');
    expect(junit).toContain('name="web@1.0.0 Product ');
    const sarif = JSON.parse((await check('sarif')).stdout) as {
      runs: {
        results: { ruleId: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[];
      }[];
    };
    const broken = sarif.runs[0]?.results.filter((r) => r.ruleId === 'REGISTERED_OPERATION_BROKEN') ?? [];
    expect(broken.map((r) => r.locations[0]?.logicalLocations[0]?.fullyQualifiedName)).toEqual([
      'web@1.0.0/Product',
      'web@1.0.0/TopProducts',
    ]);

    const retired = await runCli(
      ['operations', 'retire', REF, '--client', 'web', '--client-version', '1.0.0', '--reason', 'EOL'],
      { env },
    );
    expect(retired.code, retired.stderr).toBe(0);
    expect(retired.stdout).toBe('Retired web@1.0.0 in shop@current (2 operations).\n');
    const after = JSON.parse((await check('json')).stdout) as { brokenOperations?: unknown[] };
    expect(after.brokenOperations).toEqual([]);

    const listed = await runCli(['operations', 'list', REF, '--json'], { env });
    const versions = (
      JSON.parse(listed.stdout) as { versions: { client: string; version: string; status: string }[] }
    ).versions;
    expect(versions.map((v) => [v.client, v.version, v.status])).toEqual([
      ['android', '3.0.0', 'active'],
      ['ios', '2.1.0', 'active'],
      ['web', '1.0.0', 'retired'],
    ]);
    const onlyWeb = await runCli(['operations', 'list', REF, '--client', 'web'], { env });
    expect(onlyWeb.stdout).toMatch(/web\s+1\.0\.0\s+retired\s+2/);
  });

  it('answers CLIENT_NOT_FOUND for an unknown client (exit 1) and a missing flag as a usage error (exit 2)', async () => {
    const unknown = await publish('tv', '1.0.0', exampleManifestPath(), false);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[CLIENT_NOT_FOUND]');
    const usage = await runCli(['operations', 'publish', REF, '--client', 'web', '--manifest', 'x.json'], {
      env,
    });
    expect(usage.code).toBe(2);
  });
});
