import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubConfig } from '../../hub/config/load-hub-config.js';
import { HubError } from '../../hub/errors.js';
import { RESERVED_CLIENT_DEFAULTS } from '../../lib/client-records.js';
import { tempDir } from '../helpers/hub.js';

let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir();
});

afterAll(async () => {
  await dir?.remove();
});

function configError(run: () => unknown): HubError {
  try {
    run();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('loadHubConfig', () => {
  it('applies documented defaults and freezes the result', () => {
    const config = loadHubConfig({
      env: {},
      cwd: '/srv',
      overrides: { supergraph: { file: 'supergraph.graphql' } },
    });
    expect(config).toEqual({
      server: {
        host: '127.0.0.1',
        port: 4000,
        graphqlPath: '/graphql',
        bodyLimitBytes: 1024 * 1024,
        maxResponseBytes: 32 * 1024 * 1024,
        csrfPrevention: true,
        shutdownTimeoutMs: 10_000,
        trustedProxies: [],
      },
      supergraph: { source: 'file', file: '/srv/supergraph.graphql' },
      lastKnownGood: { dir: '/srv/.atrium/hub' },
      introspection: 'full',
      maskErrors: false,
      subgraphs: {
        timeoutMs: 30_000,
        maxResponseBytes: 16 * 1024 * 1024,
        errors: { mode: 'passthrough', allowExtensions: [] },
        overrides: {},
        deduplicateInFlight: true,
      },
      operations: { maxTokens: 15_000, maxSelections: 2_000, deduplicateInFlight: true, executor: 'hub' },
      clients: {
        source: 'config',
        set: {
          graph: 'local',
          clients: [RESERVED_CLIENT_DEFAULTS.default, RESERVED_CLIENT_DEFAULTS.anonymous],
        },
      },
      policies: expect.objectContaining({
        'request-logging': {
          enabled: true,
          options: {
            level: 'info',
            clientNameHeader: 'apollographql-client-name',
            clientVersionHeader: 'apollographql-client-version',
          },
        },
        auth: { enabled: false, options: {} },
        'identity-forwarding': {
          enabled: true,
          options: {
            headers: {
              subject: 'x-atrium-subject',
              clientId: 'x-atrium-client-id',
              scopes: 'x-atrium-scopes',
              issuer: 'x-atrium-issuer',
              timestamp: 'x-atrium-timestamp',
              signature: 'x-atrium-signature',
            },
            dangerouslyForwardAuthorizationHeader: false,
          },
        },
      }) as unknown,
      logLevel: 'info',
      metrics: { enabled: true, path: '/metrics', listener: { kind: 'graphql' }, operationNames: [] },
      tracing: { enabled: false },
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
    expect(Object.isFrozen(config.policies['request-logging']?.options)).toBe(true);
  });

  it('turns masking on and introspection off in production', () => {
    const config = loadHubConfig({
      env: { NODE_ENV: 'production' },
      overrides: { supergraph: { file: '/x' } },
    });
    expect(config.maskErrors).toBe(true);
    expect(config.introspection).toBe('off');
    expect(config.subgraphs.errors).toEqual({ mode: 'mask', allowExtensions: [] });
    // Metrics leave the public port: a listener of their own, on the loopback.
    expect(config.metrics.listener).toEqual({ kind: 'separate', host: '127.0.0.1', port: 9464 });
  });

  it('needs an endpoint to turn tracing on, and reports it with its path', () => {
    expect(() =>
      loadHubConfig({ env: {}, overrides: { supergraph: { file: '/x' }, tracing: { enabled: true } } }),
    ).toThrow(/tracing\.endpoint/);
    const config = loadHubConfig({
      env: {},
      overrides: {
        supergraph: { file: '/x' },
        tracing: { enabled: true, endpoint: 'http://collector:4318/v1/traces', samplingRatio: 0.25 },
      },
    });
    expect(config.tracing).toEqual({
      enabled: true,
      endpoint: 'http://collector:4318/v1/traces',
      headers: {},
      samplingRatio: 0.25,
      serviceName: 'atrium-hub',
      acceptTraceparent: 'trusted-proxies',
      exportTimeoutMs: 10_000,
    });
  });

  it('resolves per-subgraph error overrides over the hub-wide setting', () => {
    const config = loadHubConfig({
      env: { NODE_ENV: 'production' },
      overrides: {
        supergraph: { file: '/x' },
        subgraphs: {
          errors: { allowExtensions: ['classification'] },
          overrides: {
            legacy: { errors: { mode: 'passthrough' } },
            billing: { errors: { allowExtensions: [] } },
          },
        },
      },
    });
    expect(config.subgraphs.errors).toEqual({ mode: 'mask', allowExtensions: ['classification'] });
    expect(config.subgraphs.overrides).toEqual({
      legacy: { errors: { mode: 'passthrough', allowExtensions: ['classification'] } },
      billing: { errors: { mode: 'mask', allowExtensions: [] } },
    });
    expect(() =>
      loadHubConfig({
        env: {},
        overrides: { supergraph: { file: '/x' }, subgraphs: { errors: { mode: 'hide' as 'mask' } } },
      }),
    ).toThrow(/subgraphs\.errors\.mode: /);
  });

  it('reads a YAML file, takes registry URL and token from the environment, and lets overrides win', async () => {
    const file = join(dir.path, 'hub.yaml');
    await writeFile(
      file,
      [
        'server:',
        '  port: 4400',
        'supergraph:',
        '  registry:',
        '    graph: shop',
        '    pollIntervalMs: 2000',
        'lastKnownGood:',
        '  dir: state',
        'policies:',
        '  request-logging:',
        '    level: debug',
      ].join('\n'),
    );
    const config = loadHubConfig({
      file,
      env: { ATRIUM_REGISTRY_URL: 'https://registry.example.com/', ATRIUM_TOKEN: 'secret' },
      overrides: { server: { port: 0 } },
    });
    expect(config.server.port).toBe(0);
    expect(config.supergraph).toEqual({
      source: 'registry',
      registry: {
        url: 'https://registry.example.com',
        graphRef: 'shop@current',
        graphName: 'shop',
        variant: 'current',
        token: 'secret',
        pollIntervalMs: 2000,
        timeoutMs: 5000,
        maxBackoffMs: 60_000,
      },
    });
    expect(config.lastKnownGood.dir).toBe(join(dir.path, 'state'));
    expect(config.policies['request-logging']?.options['level']).toBe('debug');

    const fromFlag = loadHubConfig({ file, env: {}, overrides: { supergraph: { file: '/tmp/s.graphql' } } });
    expect(fromFlag.supergraph).toEqual({ source: 'file', file: '/tmp/s.graphql' });
  });

  it('reports every problem at once, each with its path', () => {
    const error = configError(() =>
      loadHubConfig({
        env: {},
        overrides: {
          server: { port: -1, bodyLimitBytes: 'big' as unknown as number },
          supergraph: { registry: { graph: 'not a ref!', url: 'ftp://x' } },
          logLevel: 'loud' as 'info',
          policies: { 'no-such-policy': { enabled: true }, 'request-logging': { level: 'shout' } },
        },
      }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    const paths = (error.details['issues'] as { path: string }[]).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'server.port',
        'server.bodyLimitBytes',
        'supergraph.registry.graph',
        'supergraph.registry.url',
        'supergraph.registry.token',
        'logLevel',
        'policies',
        'policies.request-logging.level',
      ]),
    );
    expect(error.message).toContain('supergraph.registry.token: required');
    expect(error.message).toContain('no-such-policy');
  });

  it('requires exactly one supergraph source, and a usage token when usage is on', () => {
    expect(configError(() => loadHubConfig({ env: {} })).message).toMatch(/supergraph: set exactly one/);
    const error = configError(() =>
      loadHubConfig({
        env: {},
        overrides: { supergraph: { file: '/x' }, policies: { usage: { enabled: true } } },
      }),
    );
    // Every policy of the table is available now (test/hub/policy-pipeline.test.ts keeps planned rows refused).
    expect(error.message).toMatch(
      /policies\.usage\.token: required: a registry token with the usage role \(or ATRIUM_USAGE_TOKEN\)/,
    );
  });

  it('reports an unreadable or malformed file as CONFIG_INVALID', async () => {
    expect(configError(() => loadHubConfig({ file: join(dir.path, 'missing.yaml'), env: {} })).code).toBe(
      'CONFIG_INVALID',
    );
    const bad = join(dir.path, 'bad.json');
    await writeFile(bad, '{ nope');
    expect(configError(() => loadHubConfig({ file: bad, env: {} })).message).toMatch(/not valid JSON/);
  });
});
