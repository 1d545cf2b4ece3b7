/**
 * Reject and dry-run modes through the real hub (policy kit): reject fails the whole operation with 403 before any
 * subgraph is asked; dry-run fetches everything and reports what filter mode would have denied.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { principal, startPolicyKit, type PolicyKit } from '../../helpers/policy-kit.js';

const QUERY = '{ user(id: "1") { name email birthday } topProducts(first: 1) { name } }';

describe('field-authz reject mode', () => {
  let gateway: PolicyKit;
  beforeAll(async () => {
    gateway = await startPolicyKit({ config: { authorization: { mode: 'reject' } } });
  });
  afterAll(async () => {
    await gateway.close();
  });
  beforeEach(() => {
    gateway.clearRequests();
  });

  it('fails the operation with 403 listing the denied coordinates, asking no subgraph', async () => {
    const { status, body } = await gateway.run(QUERY);
    expect(status).toBe(403);
    expect(gateway.requests).toEqual([]);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'FORBIDDEN_OPERATION',
          coordinates: ['User.birthday', 'User.email'],
        }) as unknown,
      }),
    ]);
  });

  it('runs the operation untouched when nothing is denied', async () => {
    const { status, body } = await gateway.run(QUERY, { principal: principal(['read:users']) });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.['user']).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', birthday: 1950 });
  });
});

describe('field-authz dry-run mode', () => {
  let gateway: PolicyKit;
  beforeAll(async () => {
    gateway = await startPolicyKit({ config: { authorization: { mode: 'dry-run' } } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('filters nothing and reports the denials in extensions', async () => {
    const { status, body } = await gateway.run(QUERY);
    expect(status).toBe(200);
    expect(gateway.fetched('email')).toBe(true);
    expect(gateway.fetched('birthday')).toBe(true);
    expect(body.errors).toBeUndefined();
    expect(body.data?.['user']).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', birthday: 1950 });
    expect(body.extensions).toEqual({
      fieldAuthz: {
        dryRun: true,
        denied: [
          { path: ['user', 'email'], coordinate: 'User.email' },
          { path: ['user', 'birthday'], coordinate: 'User.birthday' },
        ],
      },
    });
  });
});

describe('field-authz with introspection off (the real pipeline, not a copy of it)', () => {
  let gateway: PolicyKit;
  beforeAll(async () => {
    gateway = await startPolicyKit({ config: { introspection: 'off', authorization: {} } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('refuses __schema with 403 INTROSPECTION_DISABLED, asking no subgraph', async () => {
    const { status, body } = await gateway.run('{ __schema { queryType { name } } }');
    expect(status).toBe(403);
    expect(gateway.requests).toEqual([]);
    expect(body.errors?.map((error) => error.extensions?.['code'])).toEqual(['INTROSPECTION_DISABLED']);
  });
});
