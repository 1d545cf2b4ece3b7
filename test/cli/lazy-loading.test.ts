// Issue 9, speed: a run loads only the module of the command it runs; --help and the registry commands load
// neither the gateway, fastify, PGlite nor composition (bench/cli/startup.ts measures the times).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOADER = fileURLToPath(
  new URL('../../registry/workers/typescript-loader/register.mjs', import.meta.url),
);
const MAIN = fileURLToPath(new URL('../helpers/cli-main.ts', import.meta.url));
const HOOKS = `data:text/javascript,${encodeURIComponent(
  "export async function resolve(s, c, n) { const r = await n(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }",
)}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  // CommonJS modules loaded through require() pass no resolve hook: listed from require's cache at exit.
  `import { createRequire, register } from 'node:module'; register(${JSON.stringify(HOOKS)}); ` +
    `const cache = createRequire('/').cache; process.on('exit', () => { for (const path of Object.keys(cache)) process.stderr.write('LOADED file://' + path + '\\n'); });`,
)}`;
const HEAVY = ['@apollo/gateway', '@apollo/server', '@apollo/composition', 'fastify', '@electric-sql/pglite'];

function loadedPackages(args: readonly string[]): string[] {
  const result = spawnSync(process.execPath, ['--import', LOADER, '--import', REGISTER, MAIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ATRIUM_REGISTRY_URL: 'http://127.0.0.1:1' },
  });
  const urls = result.stderr.split('\n').filter((line) => line.startsWith('LOADED '));
  expect(urls.length).toBeGreaterThan(0);
  const packages = urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []);
  // typescript is the test loader's (it compiles the sources), not the CLI's.
  return [...new Set(packages)].filter((name) => name !== 'typescript');
}

describe('lazy command loading', () => {
  it('atrium --help loads commander only', () => {
    expect(loadedPackages(['--help'])).toEqual(['commander']);
  });

  it('a registry command loads none of the gateway, fastify, PGlite or composition', () => {
    const loaded = loadedPackages(['subgraph', 'list', 'shop@dev']);
    for (const name of HEAVY) expect(loaded).not.toContain(name);
  });

  it('schema diff of plain schemas loads graphql and inspector, not federation-internals', () => {
    const fixtures = fileURLToPath(new URL('../fixtures/checks/', import.meta.url));
    const loaded = loadedPackages([
      'schema',
      'diff',
      `${fixtures}old.graphql`,
      `${fixtures}new-safe.graphql`,
    ]);
    expect(loaded).toContain('graphql');
    expect(loaded).toContain('@graphql-inspector/core');
    expect(loaded).not.toContain('@apollo/federation-internals');
  });

  it('hub start --help loads the hub (its module is the one that runs)', () => {
    expect(loadedPackages(['hub', 'start', '--help'])).toContain('@apollo/gateway');
  });
});
