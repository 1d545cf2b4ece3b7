// `atrium subgraph check` and the publish gate on the example graph, against a real registry on an ephemeral port.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

const ADMIN = 'atr_cli_check_admin_0123456789abcdefghij';
const REF = 'shop@current';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;
let dir: string;

/** products without `Product.name`, a field clients query. */
const removedName = (): string => exampleSubgraphSdl('products').replace(/\n {2}name: String\n/, '\n');
/** products with one more field: a safe change. */
const addedField = (): string =>
  exampleSubgraphSdl('products').replace(
    '  upc: String!\n',
    '  upc: String!\n  "Launch year."\n  launchYear: Int\n',
  );

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, 'utf8');
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atrium-check-'));
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
});

afterAll(async () => {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
});

describe('atrium subgraph check', () => {
  it('reports a removed used field as breaking with its coordinate, exits 1, and writes JUnit and SARIF', async () => {
    const proposed = await file('products-removed.graphql', removedName());
    const json = await runCli(
      ['subgraph', 'check', REF, '--name', 'products', '--schema', proposed, '--json'],
      { env },
    );
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      passed: boolean;
      checkId: string;
      changes: { code: string; severity: string; coordinate: string; location?: { file: string } }[];
    };
    expect(report.passed).toBe(false);
    expect(report.changes).toContainEqual(
      expect.objectContaining({ code: 'FIELD_REMOVED', severity: 'breaking', coordinate: 'Product.name' }),
    );

    const junitPath = join(dir, 'check.junit.xml');
    const junit = await runCli(
      [
        'subgraph',
        'check',
        REF,
        '--name',
        'products',
        '--schema',
        proposed,
        '--format',
        'junit',
        '--output',
        junitPath,
      ],
      { env },
    );
    expect(junit.code).toBe(1);
    expect(junit.stdout).toContain('FIELD_REMOVED');
    const xml = await readFile(junitPath, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toMatch(/<testsuites name="atrium schema check" tests="\d+" failures="[1-9]\d*">/);
    expect(xml).toContain('<failure type="FIELD_REMOVED"');
    expect(xml.trim().endsWith('</testsuites>')).toBe(true);

    const sarifPath = join(dir, 'check.sarif');
    const sarif = await runCli(
      [
        'subgraph',
        'check',
        REF,
        '--name',
        'products',
        '--schema',
        proposed,
        '--format',
        'sarif',
        '--output',
        sarifPath,
      ],
      { env },
    );
    expect(sarif.code).toBe(1);
    const log = JSON.parse(await readFile(sarifPath, 'utf8')) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { logicalLocations?: { fullyQualifiedName: string }[] }[];
        }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    const result = log.runs[0]?.results.find((r) => r.ruleId === 'FIELD_REMOVED');
    expect(result?.level).toBe('error');
    expect(result?.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe('Product.name');
  });

  it('exits 0 for a safe change and prints the human report', async () => {
    const proposed = await file('products-added.graphql', addedField());
    const result = await runCli(['subgraph', 'check', REF, '--name', 'products', '--schema', proposed], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Schema check passed');
    expect(result.stdout).toContain('FIELD_ADDED');
    expect(result.stdout).toMatch(/Check [0-9a-f-]{36} stored/);
  });

  it('checks --delete, fails on composition errors, and rejects bad usage with 2', async () => {
    const deletion = await runCli(['subgraph', 'check', REF, '--name', 'reviews', '--delete', '--json'], {
      env,
    });
    expect(deletion.code).toBe(1);
    expect(JSON.parse(deletion.stdout)).toMatchObject({ passed: false });
    const broken = await file(
      'inventory-broken.graphql',
      exampleSubgraphSdl('inventory').replace('  weight: Int @external\n', ''),
    );
    const composition = await runCli(
      ['subgraph', 'check', REF, '--name', 'inventory', '--schema', broken, '--json'],
      { env },
    );
    expect(composition.code).toBe(1);
    const report = JSON.parse(composition.stdout) as { compositionErrors: { code: string }[] };
    expect(report.compositionErrors.length).toBeGreaterThan(0);
    expect((await runCli(['subgraph', 'check', REF, '--name', 'reviews'], { env })).code).toBe(2);
    expect(
      (await runCli(['subgraph', 'check', REF, '--name', 'reviews', '--delete', '--schema', broken], { env }))
        .code,
    ).toBe(2);
  });

  it('refuses a breaking publish, publishes the same SDL after check approve, and the audit log shows both', async () => {
    const proposed = await file('products-removed-2.graphql', removedName());
    const refused = await runCli(
      ['subgraph', 'publish', REF, '--name', 'products', '--schema', proposed, '--json'],
      { env },
    );
    expect(refused.code).toBe(1);
    const blocked = JSON.parse(refused.stdout) as { status: string; checkId: string };
    expect(blocked.status).toBe('blocked');

    const approved = await runCli(
      ['check', 'approve', blocked.checkId, '--reason', 'storefront no longer reads name'],
      { env },
    );
    expect(approved.code, approved.stderr).toBe(0);
    const published = await runCli(['subgraph', 'publish', REF, '--name', 'products', '--schema', proposed], {
      env,
    });
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('approved by');

    const audit = await runCli(['graph', 'audit', REF, '--json'], { env });
    const entries = (JSON.parse(audit.stdout) as { entries: { action: string; reason: string | null }[] })
      .entries;
    expect(entries.map((e) => e.action).slice(0, 3)).toEqual([
      'publish.approved',
      'check.approved',
      'publish.blocked',
    ]);
    expect(entries[1]?.reason).toBe('storefront no longer reads name');

    const shown = await runCli(['check', 'show', blocked.checkId], { env });
    expect(shown.stdout).toContain('Approved by');
    const list = await runCli(['check', 'list', REF, '--json'], { env });
    expect((JSON.parse(list.stdout) as { checks: { id: string }[] }).checks.map((c) => c.id)).toContain(
      blocked.checkId,
    );
    const changelog = await runCli(['graph', 'changelog', REF, '--since', '4', '--json'], { env });
    const versions = (
      JSON.parse(changelog.stdout) as { versions: { version: number; changes: { coordinate: string }[] }[] }
    ).versions;
    expect(versions.map((v) => v.version)).toEqual([5]);
    expect(versions[0]?.changes).toContainEqual(expect.objectContaining({ coordinate: 'Product.name' }));
  });

  it('--force needs --reason (2) and configures lint rules', async () => {
    const forced = await runCli(
      [
        'subgraph',
        'publish',
        REF,
        '--name',
        'products',
        '--schema',
        exampleSchemaPath('products'),
        '--force',
      ],
      { env },
    );
    expect(forced.code).toBe(2);
    const withoutLegacy = await file(
      'products-no-legacy.graphql',
      removedName().replace(/\n {2}legacyCode: String @deprecated\([^)]*\)\n/, '\n'),
    );
    const withReason = await runCli(
      [
        ...['subgraph', 'publish', REF, '--name', 'products', '--schema', withoutLegacy],
        ...['--force', '--reason', 'legacy codes retired'],
      ],
      { env },
    );
    expect(withReason.code, withReason.stderr).toBe(0);
    expect(withReason.stdout).toMatch(/Breaking changes forced by .+: legacy codes retired\./);
    const set = await runCli(
      ['graph', 'lint-config', 'shop', '--set', 'FIELD_NAMES_CAMEL_CASE=error', '--json'],
      { env },
    );
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      lintConfig: { config: { rules: { FIELD_NAMES_CAMEL_CASE: 'error' } } },
    });
    const bad = await runCli(['graph', 'lint-config', 'shop', '--set', 'NOPE=error'], { env });
    expect(bad.code).toBe(2);
  });
});
