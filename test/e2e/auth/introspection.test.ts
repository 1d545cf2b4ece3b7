/**
 * End-to-end introspection per principal: `filtered` hides what the caller could never read (anonymous vs a
 * scoped token), `off` refuses with INTROSPECTION_DISABLED, `full` shows everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthStack, trustIssuer, type AuthStack, type GraphQLResult } from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';

const USER_FIELDS = '{ __type(name: "User") { fields { name } } }';
const TYPES = '{ __schema { types { name } } }';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(() => issuer.close());

function stackWith(introspection: 'full' | 'filtered' | 'off'): Promise<AuthStack> {
  return startAuthStack({
    auth: { issuers: [trustIssuer(issuer)] },
    authorization: { policies: { pricing_team: { claim: 'roles', contains: 'pricing' } } },
    introspection,
  });
}

function fieldNames(result: GraphQLResult): string[] {
  const type = result.body.data?.['__type'] as { fields: { name: string }[] } | null;
  return (type?.fields ?? []).map((field) => field.name);
}

function typeNames(result: GraphQLResult): string[] {
  const schema = result.body.data?.['__schema'] as { types: { name: string }[] };
  return schema.types.map((type) => type.name);
}

describe('introspection: filtered', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await stackWith('filtered');
  });
  afterAll(() => stack.close());

  it('hides fields and types an anonymous caller could never read', async () => {
    const fields = await stack.query(USER_FIELDS);
    expect(fields.status).toBe(200);
    expect(fieldNames(fields)).toContain('name');
    expect(fieldNames(fields)).not.toContain('email');
    expect(fieldNames(fields)).not.toContain('birthday');

    const types = typeNames(await stack.query(TYPES));
    expect(types).toContain('Product');
    expect(types).not.toContain('ProductCost');
    expect(types).not.toContain('Memo');
    const hidden = await stack.query('{ __type(name: "ProductCost") { name } }');
    expect(hidden.body.data).toEqual({ __type: null });
    expect(stack.requests).toEqual([]);
  });

  it('shows a scoped caller what their token grants', async () => {
    const token = await issuer.signToken({ ...issuer.accessTokenClaims(), scope: 'read:users' });
    const names = fieldNames(await stack.query(USER_FIELDS, { token }));
    expect(names).toEqual(expect.arrayContaining(['name', 'email', 'birthday']));
    const types = typeNames(await stack.query(TYPES, { token }));
    expect(types).toContain('ProductCost');
    expect(types).not.toContain('Memo');
  });

  it('filters introspection inside an operation that also reads data', async () => {
    const result = await stack.query(`{ user(id: "1") { name } __type(name: "User") { fields { name } } }`);
    expect(result.body.data?.['user']).toEqual({ name: 'Ada Lovelace' });
    expect(fieldNames(result)).not.toContain('email');
  });
});

describe('introspection: off', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await stackWith('off');
  });
  afterAll(() => stack.close());

  it('refuses __schema and __type, also through fragments, with INTROSPECTION_DISABLED', async () => {
    const token = await issuer.signToken({ ...issuer.accessTokenClaims(), scope: 'read:users' });
    for (const query of [
      TYPES,
      USER_FIELDS,
      'query { ...F } fragment F on Query { __schema { queryType { name } } }',
    ]) {
      const result = await stack.query(query, { token });
      expect(result.status).toBe(403);
      expect(result.body.errors?.[0]?.extensions?.['code']).toBe('INTROSPECTION_DISABLED');
    }
    expect((await stack.query('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
  });
});

describe('introspection: full', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await stackWith('full');
  });
  afterAll(() => stack.close());

  it('shows every field and type to everyone', async () => {
    expect(fieldNames(await stack.query(USER_FIELDS))).toEqual(
      expect.arrayContaining(['name', 'email', 'birthday']),
    );
    expect(typeNames(await stack.query(TYPES))).toEqual(expect.arrayContaining(['ProductCost', 'Memo']));
  });
});
