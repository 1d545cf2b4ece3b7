import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadHubConfig, type HubConfigInput, type DeepPartial } from '../../hub/config/load-hub-config.js';
import { HubError } from '../../hub/errors.js';
import { assemblePipeline } from '../../hub/pipeline/assemble-pipeline.js';
import { policyTable } from '../../hub/pipeline/table.js';
import type { SupergraphView } from '../../policies/contract/supergraph-view.js';
import { DEFAULT_IDENTITY_HEADERS, identityHeaders } from '../../policies/identity-forwarding/index.js';
import { silentLogger } from '../helpers/hub.js';

const ISSUER = { issuer: 'https://login.example.com', audience: 'https://api.example.com' };

function load(overrides: DeepPartial<HubConfigInput>, env: Record<string, string> = {}) {
  return loadHubConfig({ env, overrides: { supergraph: { file: '/x' }, ...overrides } });
}

function issues(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof HubError) return error.details['issues'] as { path: string; message: string }[];
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('auth, authorization and introspection keys', () => {
  it('maps `auth:` onto the auth policy and turns field-authz on with its defaults', () => {
    const config = load({ auth: { issuers: [ISSUER], requireAuthentication: true } });
    expect(config.policies['auth']).toMatchObject({
      enabled: true,
      options: { requireAuthentication: true, issuers: [expect.objectContaining(ISSUER)] },
    });
    expect(config.policies['field-authz']).toMatchObject({
      enabled: true,
      options: { mode: 'filter', introspection: 'full', policies: {} },
    });
    expect(config).not.toHaveProperty('auth');
  });

  it('maps `authorization:` onto field-authz and takes introspection from the top-level key', () => {
    const config = load({
      auth: { issuers: [ISSUER] },
      authorization: { mode: 'reject', policies: { pricing_team: { claim: 'roles', contains: 'pricing' } } },
      introspection: 'filtered',
    });
    expect(config.introspection).toBe('filtered');
    expect(config.policies['field-authz']).toMatchObject({
      enabled: true,
      options: { mode: 'reject', introspection: 'filtered' },
    });
    expect(
      load({ auth: { issuers: [ISSUER] }, authorization: { enabled: false } }).policies['field-authz']
        ?.enabled,
    ).toBe(false);
  });

  it('accepts booleans for introspection and defaults it by NODE_ENV', () => {
    expect(load({ introspection: true }).introspection).toBe('full');
    expect(load({ introspection: false }).introspection).toBe('off');
    expect(load({}).introspection).toBe('full');
    expect(load({}, { NODE_ENV: 'production' }).introspection).toBe('off');
  });

  it('reports problems with the paths the user wrote', () => {
    const found = issues(() =>
      load({
        auth: { issuers: [{ issuer: 'not a url', audience: '' }] },
        authorization: { mode: 'block' as 'filter', introspection: 'off' } as never,
        introspection: 'sometimes' as 'full',
        identityForwarding: { secret: 'short', headers: { subject: 'Authorization' } },
      }),
    ).map((issue) => issue.path);
    expect(found).toEqual(
      expect.arrayContaining([
        'auth.issuers.[0].issuer',
        'auth.issuers.[0].audience',
        'authorization.mode',
        'authorization',
        'introspection',
        'identityForwarding.secret',
        'identityForwarding.headers.subject',
      ]),
    );
  });

  it('refuses a policy configured both ways', () => {
    const found = issues(() =>
      load({ auth: { issuers: [ISSUER] }, policies: { auth: { enabled: true, issuers: [ISSUER] } } }),
    );
    expect(found).toContainEqual({
      path: 'auth',
      message: expect.stringMatching(/either with "auth"/) as unknown,
    });
  });

  it('fails at boot when authorization is enabled without auth', () => {
    const config = load({ authorization: { mode: 'filter' } });
    const supergraph: SupergraphView = {
      current: () => null,
      supergraphForSchema: () => undefined,
      onLoad: () => () => undefined,
    };
    expect(() =>
      assemblePipeline(policyTable, config.policies, { logger: silentLogger(), supergraph }),
    ).toThrow('Policy "field-authz" depends on "auth", which is not enabled');
  });

  it('reads the identity secret from ATRIUM_IDENTITY_SECRET', () => {
    const secret = 'x'.repeat(40);
    const identity = (config: ReturnType<typeof load>) => config.policies['identity-forwarding']?.options;
    expect(identity(load({}, { ATRIUM_IDENTITY_SECRET: secret }))?.['secret']).toBe(secret);
    expect(identity(load({}))?.['secret']).toBeUndefined();
  });
});

describe('identity header signature (the documented scheme)', () => {
  it('is v1= base64url(HMAC-SHA256(secret, "v1\\n<ts>\\n<issuer>\\n<subject>\\n<clientId>\\n<scopes>"))', () => {
    const secret = 'k'.repeat(32);
    const headers = identityHeaders(
      {
        subject: 'ada@example.com',
        clientId: 'demo-app',
        issuer: 'https://login.example.com',
        scopes: new Set(['write:x', 'read:users', 'bad scope\n']),
        claims: {},
      },
      DEFAULT_IDENTITY_HEADERS,
      secret,
      1_700_000_000.7,
    );
    const canonical = [
      'v1',
      '1700000000',
      'https%3A%2F%2Flogin.example.com',
      'ada%40example.com',
      'demo-app',
      'read:users write:x',
    ].join('\n');
    expect(headers).toEqual({
      'x-atrium-subject': 'ada%40example.com',
      'x-atrium-client-id': 'demo-app',
      'x-atrium-issuer': 'https%3A%2F%2Flogin.example.com',
      'x-atrium-scopes': 'read:users write:x',
      'x-atrium-timestamp': '1700000000',
      'x-atrium-signature': `v1=${createHmac('sha256', secret).update(canonical).digest('base64url')}`,
    });
  });
});
