// Issue 9, defects 8 and 9: CI reports point at repository files (or valid synthetic URIs) and the check id is
// printed on stderr; the verdict says what failed and which stages did not run; compositionErrors is always there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_reports_admin_0123456789abcdefghijk';
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const PRODUCTS = `${LINK}\ntype Query { products: [Product!]! }\ntype Product @key(fields: "upc") { upc: ID! name: String price: Int }\n`;
const WITHOUT_PRICE = `${LINK}\ntype Query { products: [Product!]! }\ntype Product @key(fields: "upc") { upc: ID! name: String }\n`;
/** `Query.me` is the users subgraph's too, and not shareable: does not compose. */
const CONFLICT = `${LINK}\ntype Query { products: [Product!]! me: String }\ntype Product @key(fields: "upc") { upc: ID! name: String price: Int }\n`;
const BAD_NAME = `${LINK}\ntype Query { products: [Product!]! }\ntype Product @key(fields: "upc") { upc: ID! name: String price: Int Weight_kg: Int }\n`;

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;
let repo: string;
let service: string;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  repo = mkdtempSync(join(tmpdir(), 'atrium-ci-repo-'));
  mkdirSync(join(repo, '.git'));
  service = join(repo, 'services', 'products');
  mkdirSync(service, { recursive: true });
  writeFileSync(join(service, 'schema.graphql'), WITHOUT_PRICE);
  writeFileSync(join(service, 'conflict.graphql'), CONFLICT);
  writeFileSync(join(service, 'bad-name.graphql'), BAD_NAME);
  expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
  const publish = ['subgraph', 'publish', 'shop@ci', '--name', 'products', '--schema', '-'];
  const first = await runCli([...publish, '--routing-url', 'http://127.0.0.1:9/graphql'], {
    env,
    stdin: PRODUCTS,
  });
  expect(first.code, first.stderr).toBe(0);
  const users = `${LINK}\ntype Query { me: String }\n`;
  const second = await runCli(
    [
      'subgraph',
      'publish',
      'shop@ci',
      '--name',
      'users',
      '--schema',
      '-',
      '--routing-url',
      'http://127.0.0.1:9/u',
    ],
    { env, stdin: users },
  );
  expect(second.code, second.stderr).toBe(0);
});

afterAll(async () => {
  await registry?.close();
  rmSync(repo, { recursive: true, force: true });
});

const check = (file: string, ...extra: string[]) =>
  runCli(['subgraph', 'check', 'shop@ci', '--name', 'products', '--schema', file, ...extra], {
    env,
    cwd: service,
  });

interface SarifLog {
  runs: {
    results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }[];
  }[];
}

describe('CI reports (defect 8)', () => {
  it('SARIF points a removed field at the repository-relative schema file; the check id goes to stderr', async () => {
    const result = await check('schema.graphql', '--format', 'sarif');
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout) as SarifLog;
    const removed = sarif.runs[0]?.results.find((r) => r.ruleId === 'FIELD_REMOVED');
    expect(removed?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe(
      'services/products/schema.graphql',
    );
    expect(result.stderr).toMatch(/^Check [\w-]+ stored \(atrium check show [\w-]+\)\.\n$/);
  });

  it('JUnit uses the same path, and --schema-path-prefix replaces the repository guess', async () => {
    const junit = await check('schema.graphql', '--format', 'junit');
    expect(junit.stdout).toContain('file="services/products/schema.graphql"');
    expect(junit.stdout).not.toContain('(current)');
    const prefixed = await check(
      'schema.graphql',
      '--format',
      'junit',
      '--schema-path-prefix',
      'api/products',
    );
    expect(prefixed.stdout).toContain('file="api/products/schema.graphql"');
  });

  it('gives a valid synthetic URI when the SDL came from stdin', async () => {
    const result = await runCli(
      ['subgraph', 'check', 'shop@ci', '--name', 'products', '--schema', '-', '--format', 'sarif'],
      { env, stdin: WITHOUT_PRICE, cwd: service },
    );
    const sarif = JSON.parse(result.stdout) as SarifLog;
    const removed = sarif.runs[0]?.results.find((r) => r.ruleId === 'FIELD_REMOVED');
    const uri = removed?.locations[0]?.physicalLocation?.artifactLocation.uri ?? '';
    expect(uri).toBe('atrium://registry/shop%40ci/subgraphs/products/current.graphql');
    expect(() => new URL(uri)).not.toThrow();
  });
});

describe('what failed (defect 9)', () => {
  it('a composition failure says so and that the diff and lint did not run', async () => {
    const human = await check('conflict.graphql');
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(
      /^Schema check failed .*: composition failed with 1 error; the change diff and lint did not run\.\n/,
    );
    expect(human.stdout).not.toContain('no changes');
    const json = await check('conflict.graphql', '--json');
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      passed: false,
      failedBecause: ['composition'],
      stages: { composition: 'failed', diff: 'not-run', lint: 'not-run' },
    });
    expect((report.compositionErrors as unknown[]).length).toBe(1);
  });

  it('a composing check has compositionErrors: [] and says which stage failed', async () => {
    const json = await check(join(service, 'schema.graphql'), '--json', '--fail-on', 'breaking');
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(report.compositionErrors).toEqual([]);
    expect(report).toMatchObject({
      failedBecause: ['breaking'],
      stages: { composition: 'passed', diff: 'failed' },
    });
  });

  it('a lint failure names lint, with plurals right', async () => {
    const config = await runCli(['graph', 'lint-config', 'shop', '--set', 'FIELD_NAMES_CAMEL_CASE=error'], {
      env,
    });
    expect(config.code, config.stderr).toBe(0);
    const human = await check('bad-name.graphql');
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(
      /^Schema check failed .*: lint errors; 1 safe change, 1 lint error \(fails on breaking\)\.\n/,
    );
    await runCli(['graph', 'lint-config', 'shop', '--set', 'FIELD_NAMES_CAMEL_CASE=off'], { env });
  });
});
