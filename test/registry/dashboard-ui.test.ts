// The registry serves the built dashboard at /ui: content types, a year's caching for hashed assets and none for
// the app, the SPA's own paths answered with the app, a missing asset 404, and a strict Content-Security-Policy.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardHandler, DASHBOARD_CSP } from '../../registry/handlers/ui/serve-dashboard.js';
import { defaultDashboardDir } from '../../registry/handlers/ui/dashboard-assets.js';
import { createTestRegistry, type TestRegistry } from '../helpers/registry.js';
import type { TestStorage } from '../helpers/databases.js';

const INDEX =
  '<!doctype html><title>Atrium</title><script type="module" src="/ui/assets/app-1a2b3c.js"></script>';

describe('the dashboard handler', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atrium-ui-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'app-1a2b3c.js'), 'console.log("app")');
    await writeFile(join(dir, 'assets', 'app-1a2b3c.css'), 'body{}');
    await writeFile(join(dir, 'secret.env'), 'TOKEN=x');
    app = Fastify();
    const handler = createDashboardHandler(dir);
    app.get('/ui', handler);
    app.get('/ui/*', handler);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the app with no-cache and the CSP, at /ui and at every path of the SPA', async () => {
    for (const url of [
      '/ui',
      '/ui/',
      '/ui/graphs/shop/dev/checks/1234',
      '/ui/graphs/shop/dev/usage?coordinate=A.b',
    ]) {
      const answer = await app.inject({ url });
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toBe(INDEX);
      expect(answer.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-security-policy': DASHBOARD_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
    }
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).toContain("connect-src 'self'");
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
  });

  it('serves hashed assets with their content type, cached for a year', async () => {
    const script = await app.inject({ url: '/ui/assets/app-1a2b3c.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe('console.log("app")');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const style = await app.inject({ url: '/ui/assets/app-1a2b3c.css' });
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for a missing asset and never serves files of other types or outside the build', async () => {
    const missing = await app.inject({ url: '/ui/assets/app-old.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    for (const url of ['/ui/secret.env', '/ui/../package.json', '/ui/%2e%2e/%2e%2e/package.json']) {
      const answer = await app.inject({ url });
      expect(answer.body).not.toContain('TOKEN=x');
      expect(answer.body).not.toContain('"name"');
    }
  });

  it('says DASHBOARD_NOT_BUILT when there is no build', async () => {
    const empty = Fastify();
    empty.get('/ui/*', createDashboardHandler(join(dir, 'nothing-here')));
    const answer = await empty.inject({ url: '/ui/' });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ code: 'DASHBOARD_NOT_BUILT' });
    await empty.close();
  });
});

describe('the registry at /ui', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    const memory: TestStorage = {
      kind: 'pglite',
      options: () => ({ dataDir: 'memory://' }),
      open: () => Promise.reject(new Error('not used')),
    };
    registry = await createTestRegistry(memory);
  });
  afterAll(() => registry?.close());

  it('serves the dashboard that npm ci built into dist/dashboard, without a token', async () => {
    const dir = defaultDashboardDir();
    expect(existsSync(join(dir, 'index.html')), `${dir} is built by npm ci (npm run build:dashboard)`).toBe(
      true,
    );
    const page = await registry.registry.app.inject({ url: '/ui/graphs/shop/dev' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    const script = /src="\/ui\/(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script && readdirSync(join(dir, 'assets'))).toContain(script?.slice('assets/'.length));
    const asset = await registry.registry.app.inject({ url: `/ui/${script ?? ''}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The API still needs its token.
    expect((await registry.call('GET', '/v1/graphs', { token: null })).status).toBe(401);
  });
});
