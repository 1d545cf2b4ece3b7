import { createHash } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInterfaceType, isObjectType, type GraphQLObjectType } from 'graphql';
import {
  prepareSupergraph as prepareSupergraphWith,
  UnsupportedSupergraphFeatureError,
} from '../../hub/supergraph/prepare-supergraph.js';
import { requiredInt } from '../../policies/contract/directive-arguments.js';
import { specDirective } from '../../policies/contract/spec-directive.js';
import { startExampleSubgraphs, type StartedSubgraphs } from '../../subgraphs-example/index.js';
import { composeExampleSupergraph, composeSupergraph, readFixture } from '../helpers/compose-supergraph.js';
import { exampleSupergraph } from '../helpers/example-supergraph.js';
import {
  HUB_DIRECTIVES,
  plainDirectives as plain,
  prepare as prepareSupergraph,
} from '../helpers/prepared-supergraph.js';

/** Any trace of the hub-enforced specs a gateway-bound SDL must not contain. */
const ENFORCED_SPEC_TRACES =
  /specs\.apollo\.dev\/(authenticated|requiresScopes|policy|cost)|@(authenticated|requiresScopes|policy|cost|listSize)\b|requiresScopes__|policy__|cost__/;

async function loadAndStop(supergraphSdl: string): Promise<void> {
  const gateway = new ApolloGateway({ supergraphSdl });
  await gateway.load();
  await gateway.stop();
}

/** The example supergraph with one more `@link` on its schema definition. */
function withExtraLink(supergraphSdl: string, link: string): string {
  return supergraphSdl.replace(
    '@link(url: "https://specs.apollo.dev/link/v1.0")',
    (own) => `${own}\n  ${link}`,
  );
}

describe('prepareSupergraph on the example supergraph', () => {
  let subgraphs: StartedSubgraphs;
  let supergraphSdl: string;

  beforeAll(async () => {
    subgraphs = await startExampleSubgraphs();
    supergraphSdl = composeExampleSupergraph(subgraphs.urls).supergraphSdl;
  });

  afterAll(async () => {
    await subgraphs.close();
  });

  it('extracts every hub-enforced directive application', () => {
    expect(plain(prepareSupergraph(supergraphSdl).directives)).toEqual({
      authenticated: ['ProductCost', 'Query.me', 'User.email'],
      requiresScopes: {
        'User.birthday': [['read:users']],
        'ProductCost.marginBasisPoints': [['read:finance'], ['admin']],
      },
      policies: { 'Product.costBreakdown': [['pricing_team']] },
      costs: { 'Product.shippingEstimate': 3, 'Product.relatedProducts': 5 },
      listSizes: {
        'Query.users': {
          assumedSize: 5,
          slicingArguments: ['first'],
          sizedFields: null,
          requireOneSlicingArgument: false,
        },
        'Query.topProducts': {
          assumedSize: null,
          slicingArguments: ['first'],
          sizedFields: null,
          requireOneSlicingArgument: false,
        },
        'Query.searchProducts': {
          assumedSize: null,
          slicingArguments: ['first'],
          sizedFields: null,
          requireOneSlicingArgument: false,
        },
        'Product.relatedProducts': {
          assumedSize: 3,
          slicingArguments: ['first'],
          sizedFields: null,
          requireOneSlicingArgument: true,
        },
        'Product.reviews': {
          assumedSize: 10,
          slicingArguments: null,
          sizedFields: null,
          requireOneSlicingArgument: true,
        },
        'User.reviews': {
          assumedSize: 10,
          slicingArguments: null,
          sizedFields: null,
          requireOneSlicingArgument: true,
        },
      },
    });
  });

  it('keeps the original, hashes it, and strips the specs from the gateway copy', () => {
    const prepared = prepareSupergraph(supergraphSdl);
    expect(prepared.supergraphSdl).toBe(supergraphSdl);
    expect(prepared.hash).toBe(createHash('sha256').update(supergraphSdl).digest('hex'));
    expect(supergraphSdl).toMatch(ENFORCED_SPEC_TRACES);
    expect(prepared.gatewaySdl).not.toMatch(ENFORCED_SPEC_TRACES);
    expect(prepared.gatewaySdl).toContain('@link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION)');
    expect(prepared.gatewaySdl).toContain(
      'legacyCode: String @join__field(graph: PRODUCTS) @deprecated(reason:',
    );
  });

  it('is needed: @apollo/gateway refuses the original supergraph', async () => {
    await expect(loadAndStop(supergraphSdl)).rejects.toThrow(
      /feature https:\/\/specs\.apollo\.dev\/authenticated\/v0\.1 is for: SECURITY but is unsupported/,
    );
  });

  it('produces a supergraph @apollo/gateway loads and executes', async () => {
    const server = new ApolloServer({
      gateway: new ApolloGateway({ supergraphSdl: prepareSupergraph(supergraphSdl).gatewaySdl }),
    });
    await server.start();
    try {
      const response = await server.executeOperation({
        query:
          '{ me { name email birthday } topProducts(first: 1) { name costBreakdown { marginBasisPoints } } }',
      });
      const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
      expect(result?.errors).toBeUndefined();
      expect(result?.data).toEqual({
        me: { name: 'Ada Lovelace', email: 'ada@example.com', birthday: 1950 },
        topProducts: [{ name: 'Table', costBreakdown: { marginBasisPoints: 4000 } }],
      });
    } finally {
      await server.stop();
    }
  });
});

describe('prepareSupergraph and link naming', () => {
  it('follows import renames on type-level, argument, input-field and enum applications', async () => {
    const { supergraphSdl } = composeSupergraph([
      { name: 'audit', url: 'http://127.0.0.1:1/graphql', sdl: readFixture('audit-subgraph.graphql') },
    ]);
    expect(supergraphSdl).toContain('import: [{name: "@authenticated", as: "@signedIn"}]');
    const prepared = prepareSupergraph(supergraphSdl);
    expect(plain(prepared.directives)).toEqual({
      authenticated: ['AuditEntry', 'Timestamp'],
      requiresScopes: { 'Query.auditLog': [['audit:read']], AuditAction: [['audit:read'], ['admin']] },
      policies: {},
      costs: { 'Query.auditLog(first:)': 2, AuditAction: 1, 'AuditFilter.action': 4 },
      listSizes: {},
    });
    expect(prepared.gatewaySdl).not.toMatch(/@signedIn|@scopes|@weight|cost__listSize|requiresScopes__Scope/);
    await loadAndStop(prepared.gatewaySdl);
  });

  it('follows `as:` namespaces, imported types and @join__directive', async () => {
    const prepared = prepareSupergraph(readFixture('linked-as-supergraph.graphql'));
    expect(plain(prepared.directives)).toEqual({
      authenticated: ['AuditEntry', 'Query.archive'],
      requiresScopes: { AuditAction: [['admin']], 'Query.auditPage': [['audit:read'], ['admin']] },
      policies: { 'Query.archive': [['archive_reader']] },
      costs: { AuditAction: 1, 'Query.auditPage(first:)': 2 },
      listSizes: {
        'Query.auditPage': {
          assumedSize: null,
          slicingArguments: ['first'],
          sizedFields: ['entries'],
          requireOneSlicingArgument: true,
        },
      },
    });
    expect(prepared.gatewaySdl).not.toMatch(
      /specs\.apollo\.dev\/(authenticated|requiresScopes|policy|cost)|@auth\b|@scopes|@allowedBy|@price|scopes__Scope|scalar Policy|"allowedBy"|"auth"/,
    );
    // A link without `for:` is one the gateway accepts: it stays.
    expect(prepared.gatewaySdl).toContain('@link(url: "https://example.com/docs/v1.0")');
    await loadAndStop(prepared.gatewaySdl);
  });
});

describe('prepareSupergraph passes through or refuses what it does not enforce', () => {
  it('returns a supergraph without hub-enforced specs unchanged, with empty metadata', () => {
    const { supergraphSdl } = composeSupergraph([
      {
        name: 'plain',
        url: 'http://127.0.0.1:1/graphql',
        sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\ntype Query { hello: String }',
      },
    ]);
    const prepared = prepareSupergraph(supergraphSdl);
    expect(prepared.gatewaySdl).toBe(supergraphSdl);
    expect(plain(prepared.directives)).toEqual({
      authenticated: [],
      requiresScopes: {},
      policies: {},
      costs: {},
      listSizes: {},
    });
  });

  it.each([
    [
      'an unknown SECURITY feature',
      '@link(url: "https://example.com/rateLimit/v1.0", for: SECURITY)',
      /rateLimit\/v1\.0 is for: SECURITY/,
    ],
    [
      'an unknown EXECUTION feature',
      '@link(url: "https://specs.apollo.dev/connect/v0.1", for: EXECUTION)',
      /connect\/v0\.1 is for: EXECUTION/,
    ],
    [
      'a version of an enforced spec the hub does not know',
      '@link(url: "https://specs.apollo.dev/authenticated/v0.2", as: "auth2", for: SECURITY)',
      /authenticated\/v0\.2 is a version the hub does not enforce/,
    ],
  ])('refuses %s', (_, link, message) => {
    const supergraphSdl = withExtraLink(composeExampleSupergraph().supergraphSdl, link);
    expect(() => prepareSupergraph(supergraphSdl)).toThrow(UnsupportedSupergraphFeatureError);
    expect(() => prepareSupergraph(supergraphSdl)).toThrow(message);
  });

  it('refuses a directive of an enforced spec that it does not know', () => {
    const supergraphSdl = readFixture('linked-as-supergraph.graphql').replace(
      'total: Int',
      'total: Int @price__averageSize(value: 3)',
    );
    expect(() => prepareSupergraph(supergraphSdl)).toThrow(
      /has a directive @averageSize the hub does not enforce/,
    );
  });
});

describe('open directive metadata: the specs the policies declare', () => {
  const RATE_LIMIT = specDirective<number>({
    spec: 'https://example.com/rateLimit',
    versions: ['v1.0'],
    name: 'rateLimit',
    read: (args, coordinate) => requiredInt('rateLimit', coordinate, args, 'perMinute'),
  });
  const supergraphSdl = withExtraLink(
    composeExampleSupergraph().supergraphSdl,
    '@link(url: "https://example.com/rateLimit/v1.0", for: SECURITY)',
  )
    .replace(
      'me: User @join__field(graph: ACCOUNTS)',
      'me: User @join__field(graph: ACCOUNTS) @rateLimit(perMinute: 5)',
    )
    .replace(
      'scalar join__FieldSet',
      'scalar join__FieldSet\n\ndirective @rateLimit(perMinute: Int!) on FIELD_DEFINITION',
    );

  it('reads and strips a spec a policy declares, and hands its values to that declaration', async () => {
    const prepared = prepareSupergraphWith(supergraphSdl, [...HUB_DIRECTIVES, RATE_LIMIT]);
    expect(Object.fromEntries(prepared.directives.get(RATE_LIMIT))).toEqual({ 'Query.me': 5 });
    expect(prepared.gatewaySdl).not.toMatch(/rateLimit/);
    await loadAndStop(prepared.gatewaySdl);
  });

  it('refuses the same supergraph when no policy declares the spec', () => {
    expect(() => prepareSupergraphWith(supergraphSdl, HUB_DIRECTIVES)).toThrow(
      /rateLimit\/v1\.0 is for: SECURITY/,
    );
  });
});

describe('field owners from the join metadata', () => {
  it('agrees with the subgraphs federation extracts, for every field of the example supergraph', () => {
    const example = exampleSupergraph();
    const coordinates = Object.values(example.apiSchema.getTypeMap())
      .filter((type) => !type.name.startsWith('__') && (isObjectType(type) || isInterfaceType(type)))
      .flatMap((type) =>
        Object.keys((type as GraphQLObjectType).getFields()).map((field) => `${type.name}.${field}`),
      );
    expect(coordinates.length).toBeGreaterThan(20);
    for (const coordinate of coordinates) {
      expect([...example.prepared.fieldOwner(coordinate)].sort(), coordinate).toEqual(
        example.fieldOwner(coordinate).sort(),
      );
    }
    expect(example.prepared.fieldOwner('Product.shippingEstimate')).toEqual(['inventory']);
    expect(example.prepared.fieldOwner('Product.upc')).toEqual(['inventory', 'products', 'reviews']);
    expect(example.prepared.fieldOwner('User.username')).toEqual(['accounts']);
  });
});
