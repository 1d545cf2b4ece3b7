/**
 * Filter mode through the real hub (policy kit) over the example subgraphs and the catalog fixture: denied fields come
 * back null with one error per path, and the recorded subgraph requests prove they were never fetched.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REQUIRES_SCOPES } from '../../../policies/field-authz/authorization-directives.js';
import { principal, startPolicyKit, type PolicyKit } from '../../helpers/policy-kit.js';

const ANY_STRING: unknown = expect.any(String);

const PRICING = { roles: ['pricing'] };

function errorPaths(body: { errors?: readonly { path?: readonly unknown[] }[] }): string[] {
  return (body.errors ?? []).map((error) => (error.path ?? []).join('.')).sort();
}

describe('field-authz filter mode through the real hub (policy kit)', () => {
  let gateway: PolicyKit;

  beforeAll(async () => {
    gateway = await startPolicyKit({
      config: {
        authorization: {
          policies: {
            hr: { claim: 'department', equals: 'hr' },
            pricing_team: { claim: 'roles', contains: 'pricing' },
          },
          rules: {
            'Product.weight': { requiresScopes: [['read:logistics', 'read:weights']] },
            'Product.relatedProducts': { authenticated: true },
            'Product.legacyCode': { policies: [['ghost']] },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await gateway.close();
  });
  beforeEach(() => {
    gateway.clearRequests();
  });

  it('never fetches a nested entity field the caller may not read, and nulls it in every list item', async () => {
    const query = '{ topProducts(first: 2) { name reviews { author { name email } } } }';
    const { body } = await gateway.run(query);
    expect(gateway.fetched('email')).toBe(false);
    expect(gateway.fetched('name')).toBe(true);
    const authors = body.data?.['topProducts'] as { reviews: { author: Record<string, unknown> }[] }[];
    expect(authors).toHaveLength(2);
    for (const product of authors) {
      for (const review of product.reviews) expect(review.author).toEqual({ name: ANY_STRING, email: null });
    }
    // One error per place in the response, with list indices (as the GraphQL spec's field errors have).
    expect(body.errors).toHaveLength(6);
    expect(body.errors?.[0]).toEqual({
      message: 'Unauthorized field or type: User.email',
      path: ['topProducts', 0, 'reviews', 0, 'author', 'email'],
      extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'User.email' },
    });
    expect(errorPaths(body)).toEqual([
      'topProducts.0.reviews.0.author.email',
      'topProducts.0.reviews.1.author.email',
      'topProducts.0.reviews.2.author.email',
      'topProducts.1.reviews.0.author.email',
      'topProducts.1.reviews.1.author.email',
      'topProducts.1.reviews.2.author.email',
    ]);

    gateway.clearRequests();
    const signedIn = await gateway.run(query, { principal: principal() });
    expect(gateway.fetched('email')).toBe(true);
    expect(signedIn.body.errors).toBeUndefined();
  });

  it('checks aliased fields under their aliases', async () => {
    const { body } = await gateway.run('{ user(id: "1") { who: name contact: email again: email } }');
    expect(gateway.fetched('email')).toBe(false);
    expect(body.data).toEqual({ user: { who: 'Ada Lovelace', contact: null, again: null } });
    expect(errorPaths(body)).toEqual(['user.again', 'user.contact']);
  });

  it('filters inside named fragments and drops fragments left unused', async () => {
    const query = `
      query Products { product(upc: "1") { name ...Person costBreakdown { ...Cost } } }
      fragment Person on Product { reviews { author { ...Private } } }
      fragment Private on User { name birthday }
      fragment Cost on ProductCost { wholesale }`;
    const { body } = await gateway.run(query, { principal: principal() });
    expect(gateway.fetched('birthday')).toBe(false);
    expect(gateway.fetched('costBreakdown')).toBe(false);
    expect(gateway.fetched('wholesale')).toBe(false);
    expect(body.data?.['product']).toMatchObject({ name: 'Table', costBreakdown: null });
    expect(errorPaths(body)).toEqual([
      'product.costBreakdown',
      'product.reviews.0.author.birthday',
      'product.reviews.1.author.birthday',
      'product.reviews.2.author.birthday',
    ]);
  });

  it('filters inline fragments on a union per object type, with null propagation for a non-null field', async () => {
    const query = '{ search(text: "x") { ... on Article { title internalNotes } ... on Memo { subject } } }';
    const { body } = await gateway.run(query);
    expect(gateway.fetched('internalNotes')).toBe(false);
    expect(gateway.fetched('subject')).toBe(false);
    // The Memo's non-null `subject` is denied, so the memo itself becomes null; articles keep their shape.
    expect(body.data).toEqual({
      search: [{ title: 'Launch', internalNotes: null }, null, { title: 'Roadmap', internalNotes: null }],
    });
    // The memo's error keeps its index although the memo became null: the error is where the field was.
    expect(errorPaths(body)).toEqual([
      'search.0.internalNotes',
      'search.1.subject',
      'search.2.internalNotes',
    ]);

    gateway.clearRequests();
    const allowed = await gateway.run(query, { principal: principal(['read:memos']) });
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data?.['search']).toEqual([
      { title: 'Launch', internalNotes: 'embargoed' },
      { subject: 'Layoffs' },
      { title: 'Roadmap', internalNotes: 'draft' },
    ]);
  });

  it('follows composition in giving an interface the requirements of its implementations', async () => {
    // Memo is @requiresScopes(read:memos); composition copies that onto the Node interface it implements.
    expect(gateway.hub.current()?.directives.get(REQUIRES_SCOPES).get('Node')).toEqual([['read:memos']]);
    const query = '{ node(id: "a1") { id ... on Article { title } } }';
    const denied = await gateway.run(query, { principal: principal() });
    expect(gateway.requests).toEqual([]);
    expect(denied.body.data).toEqual({ node: null });
    expect(errorPaths(denied.body)).toEqual(['node']);

    const allowed = await gateway.run(query, { principal: principal(['read:memos']) });
    expect(allowed.body).toEqual({ data: { node: { id: 'a1', title: 'Launch' } } });
  });

  it('applies scope alternatives as OR and scopes within one alternative as AND', async () => {
    const margin = '{ product(upc: "1") { costBreakdown { wholesale marginBasisPoints } } }';
    const without = await gateway.run(margin, { principal: principal([], PRICING) });
    expect(gateway.fetched('marginBasisPoints')).toBe(false);
    expect(gateway.fetched('wholesale')).toBe(true);
    expect(errorPaths(without.body)).toEqual(['product.costBreakdown.marginBasisPoints']);
    for (const scope of ['admin', 'read:finance']) {
      const { body } = await gateway.run(margin, { principal: principal([scope], PRICING) });
      expect(body.errors, scope).toBeUndefined();
    }

    gateway.clearRequests();
    const weight = '{ product(upc: "1") { name weight } }';
    const oneOfTwo = await gateway.run(weight, { principal: principal(['read:logistics']) });
    expect(gateway.fetched('weight')).toBe(false);
    expect(oneOfTwo.body.data).toEqual({ product: { name: 'Table', weight: null } });
    const both = await gateway.run(weight, { principal: principal(['read:logistics', 'read:weights']) });
    expect(both.body.errors).toBeUndefined();
    expect(gateway.fetched('weight')).toBe(true);
  });

  it('applies a type-level requirement to every field returning the type (object and enum)', async () => {
    const cost = await gateway.run('{ product(upc: "1") { name costBreakdown { wholesale } } }');
    expect(gateway.fetched('costBreakdown')).toBe(false);
    expect(errorPaths(cost.body)).toEqual(['product.costBreakdown']);

    const clearance = '{ manager { name clearance } }';
    const denied = await gateway.run(clearance, { principal: principal() });
    expect(gateway.fetched('clearance')).toBe(false);
    expect(denied.body.data).toEqual({ manager: { name: 'Ada', clearance: null } });
    const admin = await gateway.run(clearance, { principal: principal(['admin']) });
    expect(admin.body.data).toEqual({ manager: { name: 'Ada', clearance: 'SECRET' } });
  });

  it('grants named policies from claim predicates and propagates nulls from a denied non-null field', async () => {
    const query = '{ manager { name salary } staff { name salary } }';
    const hr = await gateway.run(query, { principal: principal([], { department: 'hr' }) });
    expect(hr.body.errors).toBeUndefined();
    expect(hr.body.data?.['manager']).toEqual({ name: 'Ada', salary: 100 });

    gateway.clearRequests();
    const sales = await gateway.run(query, { principal: principal([], { department: 'sales' }) });
    expect(gateway.fetched('salary')).toBe(false);
    // salary is Int!: the manager becomes null; staff is [StaffMember!], so the whole (nullable) list does.
    expect(sales.body.data).toEqual({ manager: null, staff: null });
    // Each staff member's salary has its error, although the list as a whole became null.
    expect(errorPaths(sales.body)).toEqual(['manager.salary', 'staff.0.salary', 'staff.1.salary']);
  });

  it('denies a policy the configuration does not define, whoever asks', async () => {
    const everything = principal(['admin', 'read:users'], { department: 'hr', roles: ['pricing'] });
    const { body } = await gateway.run('{ product(upc: "1") { upc legacyCode } }', { principal: everything });
    expect(gateway.fetched('legacyCode')).toBe(false);
    expect(body.data).toEqual({ product: { upc: '1', legacyCode: null } });
    // The policy logs its warnings when the supergraph loads.
    expect(gateway.logs.lines).toContainEqual(
      expect.objectContaining({
        policy: 'field-authz',
        code: 'UNKNOWN_POLICY',
        coordinate: 'Product.legacyCode',
      }),
    );
  });

  it('drops variables used only by denied fields so the filtered operation stays valid', async () => {
    const query = 'query Related($n: Int) { product(upc: "1") { name relatedProducts(first: $n) { upc } } }';
    const { body } = await gateway.run(query, { variables: { n: 2 } });
    expect(gateway.fetched('relatedProducts')).toBe(false);
    // relatedProducts is [Product!]!: its null propagates to the nullable product.
    expect(body.data).toEqual({ product: null });
    expect(errorPaths(body)).toEqual(['product.relatedProducts']);
  });

  it('asks no subgraph at all when every root field is denied', async () => {
    const { body } = await gateway.run('{ me { name } }');
    expect(gateway.requests).toEqual([]);
    expect(body.data).toEqual({ me: null });
    expect(errorPaths(body)).toEqual(['me']);
  });
});
