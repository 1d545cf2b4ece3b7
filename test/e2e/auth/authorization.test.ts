/**
 * End-to-end field-level authorization: the real hub (`auth:` + `authorization:`) over the example subgraphs
 * and the catalog fixture, tokens from a real OpenID Provider. Recorded subgraph requests prove that a denied
 * field is never fetched, through aliases, fragments, interface and union fragments and nested entities.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAuthStack, trustIssuer, type AuthStack, type GraphQLResult } from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';

const PRICING_POLICY = { pricing_team: { claim: 'roles', contains: 'pricing' } };

let issuer: TestIssuer;
/** Authenticated, no scopes, no roles. */
let plain: string;
let usersReader: string;
let pricing: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const token = (claims: Record<string, unknown>) =>
    issuer.signToken({ ...issuer.accessTokenClaims(), sub: 'user-7', ...claims });
  plain = await token({});
  usersReader = await token({ scope: 'read:users' });
  pricing = await token({ scope: 'read:users', roles: ['pricing'] });
});
afterAll(() => issuer.close());

function stackFor(mode: 'filter' | 'reject' | 'dry-run'): Promise<AuthStack> {
  return startAuthStack({
    auth: { issuers: [trustIssuer(issuer)] },
    authorization: { mode, policies: PRICING_POLICY },
  });
}

function denials(result: GraphQLResult) {
  return (result.body.errors ?? []).map((error) => ({
    path: error.path,
    code: error.extensions?.['code'],
    coordinate: error.extensions?.['coordinate'],
  }));
}

describe('filter mode (the default)', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await stackFor('filter');
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.clearRequests());

  const NESTED = '{ topProducts(first: 2) { name reviews { body author { username email } } } }';

  it('removes a nested entity field before planning: null + one error per path, shape kept', async () => {
    const result = await stack.query(NESTED);
    expect(result.status).toBe(200);
    expect(stack.fetched('email')).toBe(false);
    expect(stack.requests.some((request) => request.subgraph === 'accounts')).toBe(false);
    const products = result.body.data?.['topProducts'] as {
      name: string;
      reviews: { body: string; author: { username: string; email: unknown } }[];
    }[];
    expect(products).toHaveLength(2);
    for (const review of products.flatMap((product) => product.reviews)) {
      expect(Object.keys(review.author).sort()).toEqual(['email', 'username']);
      expect(review.author.email).toBeNull();
      expect(review.author.username).toEqual(expect.any(String));
    }
    // One error per author in the response, at its response path (list indices included).
    const expected = products.flatMap((product, p) =>
      product.reviews.map((_, r) => ({
        path: ['topProducts', p, 'reviews', r, 'author', 'email'],
        code: 'UNAUTHORIZED_FIELD_OR_TYPE',
        coordinate: 'User.email',
      })),
    );
    expect(expected.length).toBeGreaterThan(2);
    expect(denials(result)).toEqual(expected);
    expect(denials(result)[0]?.path).toEqual(['topProducts', 0, 'reviews', 0, 'author', 'email']);
  });

  it('serves the same field to an authenticated caller, and never shares plans across callers', async () => {
    const allowed = await stack.query(NESTED, { token: plain });
    expect(allowed.body.errors).toBeUndefined();
    expect(stack.fetched('email')).toBe(true);
    stack.clearRequests();
    const again = await stack.query(NESTED);
    expect(denials(again).length).toBeGreaterThan(2);
    expect(stack.fetched('email')).toBe(false);
  });

  it('checks aliases and scopes (User.birthday needs read:users)', async () => {
    const query = '{ user(id: "1") { name mail: email born: birthday } }';
    const anonymous = await stack.query(query);
    expect(anonymous.body.data).toEqual({ user: { name: 'Ada Lovelace', mail: null, born: null } });
    expect(denials(anonymous)).toEqual([
      { path: ['user', 'mail'], code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'User.email' },
      { path: ['user', 'born'], code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'User.birthday' },
    ]);
    expect(stack.fetched('email')).toBe(false);
    expect(stack.fetched('birthday')).toBe(false);

    stack.clearRequests();
    const noScope = await stack.query(query, { token: plain });
    expect(noScope.body.data).toEqual({
      user: { name: 'Ada Lovelace', mail: 'ada@example.com', born: null },
    });
    expect(denials(noScope).map((denial) => denial.coordinate)).toEqual(['User.birthday']);
    expect(stack.fetched('birthday')).toBe(false);

    const scoped = await stack.query(query, { token: usersReader });
    expect(scoped.body.errors).toBeUndefined();
    expect(scoped.body.data).toEqual({ user: { name: 'Ada Lovelace', mail: 'ada@example.com', born: 1950 } });
  });

  it('checks fields selected through named fragments', async () => {
    const result = await stack.query(
      'query Q { user(id: "1") { ...Personal } } fragment Personal on User { name birthday }',
      { token: plain },
    );
    expect(result.body.data).toEqual({ user: { name: 'Ada Lovelace', birthday: null } });
    expect(denials(result)).toEqual([
      { path: ['user', 'birthday'], code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'User.birthday' },
    ]);
    expect(stack.fetched('birthday')).toBe(false);
  });

  it('evaluates @policy claim predicates (Product.costBreakdown needs pricing_team)', async () => {
    const query = '{ topProducts(first: 1) { name costBreakdown { wholesale } } }';
    const denied = await stack.query(query, { token: usersReader });
    expect(denied.body.data).toEqual({
      topProducts: [{ name: expect.any(String) as unknown, costBreakdown: null }],
    });
    expect(denials(denied)).toEqual([
      {
        path: ['topProducts', 0, 'costBreakdown'],
        code: 'UNAUTHORIZED_FIELD_OR_TYPE',
        coordinate: 'Product.costBreakdown',
      },
    ]);
    expect(stack.fetched('costBreakdown')).toBe(false);

    const allowed = await stack.query(query, { token: pricing });
    expect(allowed.body.errors).toBeUndefined();
    expect(stack.fetched('costBreakdown')).toBe(true);
    const [product] = allowed.body.data?.['topProducts'] as { costBreakdown: { wholesale: number } }[];
    expect(product?.costBreakdown.wholesale).toEqual(expect.any(Number));
  });

  it('checks union and interface fragments per concrete type', async () => {
    const union = await stack.query(
      '{ search(text: "x") { ... on Article { title internalNotes } ... on Memo { subject } } }',
    );
    expect(stack.fetched('internalNotes')).toBe(false);
    expect(stack.fetched('subject')).toBe(false);
    expect(new Set(denials(union).map((denial) => denial.coordinate))).toEqual(
      new Set(['Article.internalNotes', 'Memo.subject']),
    );
    // Memo.subject is non-null: its null propagates to the (nullable) list item, as execution would.
    expect(union.body.data).toEqual({
      search: [{ title: 'Launch', internalNotes: null }, null, { title: 'Roadmap', internalNotes: null }],
    });

    // An interface field is denied unless every implementation allows it: Memo (a Node) needs read:memos.
    stack.clearRequests();
    const viaInterface = await stack.query(
      '{ node(id: "a1") { id ... on Article { notes: internalNotes } } }',
      {
        token: plain,
      },
    );
    expect(viaInterface.body.data).toEqual({ node: null });
    expect(denials(viaInterface).map((denial) => [denial.path, denial.coordinate])).toEqual([
      [['node'], 'Query.node'],
    ]);
    expect(stack.requests.some((request) => request.subgraph === 'catalog')).toBe(false);

    const memoReader = await issuer.signToken({ ...issuer.accessTokenClaims(), scope: 'read:memos' });
    const allowed = await stack.query('{ node(id: "a1") { id ... on Article { notes: internalNotes } } }', {
      token: memoReader,
    });
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data).toEqual({ node: { id: 'a1', notes: 'embargoed' } });
  });
});

describe('reject mode', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await stackFor('reject');
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.clearRequests());

  it('fails the whole operation with 403 listing the denied coordinates, asking no subgraph', async () => {
    const result = await stack.query('{ user(id: "1") { name email born: birthday } topProducts { name } }');
    expect(result.status).toBe(403);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN_OPERATION',
      coordinates: ['User.birthday', 'User.email'],
    });
    expect(stack.requests).toEqual([]);
  });

  it('runs the operation when nothing is denied', async () => {
    const result = await stack.query('{ user(id: "1") { name email birthday } }', { token: usersReader });
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({
      user: { name: 'Ada Lovelace', email: 'ada@example.com', birthday: 1950 },
    });
  });
});

describe('dry-run mode', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await stackFor('dry-run');
  });
  afterAll(() => stack.close());

  it('filters nothing and lists the denials in extensions', async () => {
    const result = await stack.query('{ user(id: "1") { name email birthday } }', { token: plain });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      user: { name: 'Ada Lovelace', email: 'ada@example.com', birthday: 1950 },
    });
    expect(stack.fetched('birthday')).toBe(true);
    expect((result.body as { extensions?: unknown }).extensions).toEqual({
      fieldAuthz: { dryRun: true, denied: [{ path: ['user', 'birthday'], coordinate: 'User.birthday' }] },
    });
  });
});
