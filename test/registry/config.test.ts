import { describe, expect, it } from 'vitest';
import { checkRegistryOptions, loadRegistryConfig } from '../../registry/config.js';

describe('registry configuration', () => {
  it('has safe defaults', () => {
    const config = loadRegistryConfig({});
    expect(config).toEqual({
      dataDir: '.atrium/registry-db',
      port: 4100,
      approvalTtlSeconds: 604_800,
      metrics: { enabled: true, listen: 'api' },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('serves /metrics on a listener of its own in production, on the loopback unless told otherwise', () => {
    expect(loadRegistryConfig({ NODE_ENV: 'production' }).metrics).toEqual({
      enabled: true,
      listen: 'separate',
      host: '127.0.0.1',
      port: 9465,
    });
    expect(
      loadRegistryConfig({
        NODE_ENV: 'production',
        ATRIUM_METRICS_HOST: '0.0.0.0',
        ATRIUM_METRICS_PORT: '9100',
      }).metrics,
    ).toEqual({ enabled: true, listen: 'separate', host: '0.0.0.0', port: 9100 });
    expect(loadRegistryConfig({ ATRIUM_METRICS: 'off' }).metrics).toEqual({ enabled: false });
    expect(() => loadRegistryConfig({ ATRIUM_METRICS: 'maybe' })).toThrow();
  });

  it('reads every variable, treating empty ones as unset', () => {
    expect(
      loadRegistryConfig({
        DATABASE_URL: 'postgres://u@db:5432/atrium',
        ATRIUM_ADMIN_TOKEN: 'atr_0123456789abcdefghij',
        ATRIUM_DATA_DIR: '',
        PORT: '8080',
        ATRIUM_APPROVAL_TTL_SECONDS: '3600',
      }),
    ).toEqual({
      databaseUrl: 'postgres://u@db:5432/atrium',
      adminToken: 'atr_0123456789abcdefghij',
      dataDir: '.atrium/registry-db',
      port: 8080,
      approvalTtlSeconds: 3600,
      metrics: { enabled: true, listen: 'api' },
    });
  });

  it('reports every problem at once with its variable', () => {
    try {
      loadRegistryConfig({
        DATABASE_URL: 'mysql://db',
        ATRIUM_ADMIN_TOKEN: 'short',
        PORT: '99999',
        ATRIUM_APPROVAL_TTL_SECONDS: '0',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
      const issues = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
      expect(issues.sort()).toEqual([
        'ATRIUM_ADMIN_TOKEN',
        'ATRIUM_APPROVAL_TTL_SECONDS',
        'DATABASE_URL',
        'PORT',
      ]);
    }
  });

  it('refuses an approval time that is not a whole number of seconds from 1 s to 366 days', () => {
    for (const value of ['1.5', 'seven days', '-1', String(367 * 24 * 3600)]) {
      expect(() => loadRegistryConfig({ ATRIUM_APPROVAL_TTL_SECONDS: value }), value).toThrow(
        /ATRIUM_APPROVAL_TTL_SECONDS/,
      );
    }
    expect(() => checkRegistryOptions({ approvalTtlSeconds: 0 })).toThrow(/approvalTtlSeconds/);
  });

  it('reads the runtime bounds and the denied routing-URL ranges', () => {
    expect(
      loadRegistryConfig({
        ATRIUM_ROUTING_URL_DENY: '169.254.0.0/16, 10.0.0.0/8,fd00:ec2::254',
        ATRIUM_MAX_SDL_BYTES: '1048576',
        ATRIUM_MAX_SDL_FIELDS: '5000',
        ATRIUM_SCHEMA_WORKERS: '2',
        ATRIUM_SCHEMA_QUEUE_LIMIT: '8',
        ATRIUM_CHECKS_PER_GRAPH: '3',
        ATRIUM_SCHEMA_TASK_TIMEOUT_MS: '30000',
      }),
    ).toEqual({
      dataDir: '.atrium/registry-db',
      port: 4100,
      approvalTtlSeconds: 604_800,
      routingUrlDeniedRanges: ['169.254.0.0/16', '10.0.0.0/8', 'fd00:ec2::254'],
      maxSdlBytes: 1_048_576,
      maxSdlFields: 5_000,
      schemaWorkers: 2,
      schemaQueueLimit: 8,
      checksPerGraph: 3,
      schemaTaskTimeoutMs: 30_000,
      metrics: { enabled: true, listen: 'api' },
    });
    expect(loadRegistryConfig({ ATRIUM_ROUTING_URL_DENY: 'none' }).routingUrlDeniedRanges).toEqual([]);
  });

  it('reports bad runtime bounds and ranges with their variables', () => {
    try {
      loadRegistryConfig({
        ATRIUM_ROUTING_URL_DENY: '169.254.0.0/33,example.com',
        ATRIUM_MAX_SDL_BYTES: '0',
        ATRIUM_SCHEMA_WORKERS: 'many',
        ATRIUM_CHECKS_PER_GRAPH: '1.5',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
      const issues = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
      expect([...new Set(issues.map((path) => path.split('.')[0]))].sort()).toEqual([
        'ATRIUM_CHECKS_PER_GRAPH',
        'ATRIUM_MAX_SDL_BYTES',
        'ATRIUM_ROUTING_URL_DENY',
        'ATRIUM_SCHEMA_WORKERS',
      ]);
    }
  });
});
