// Client impact of subgraph changes, computed on the API schema of the composed supergraph.
import { composeServices } from '@apollo/composition';
import { parse, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaFromSupergraph } from '../../registry/checks/api-schema.js';
import { diffSchemas } from '../../registry/checks/classify-changes.js';
import { composeExampleSupergraph } from '../helpers/compose-supergraph.js';

const LINK = (imports: string[]): string =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ${JSON.stringify(imports)})\n`;

type Subgraphs = Record<string, string>;

function compose(subgraphs: Subgraphs): { supergraphSdl: string } | { errors: string[] } {
  const result = composeServices(
    Object.entries(subgraphs).map(([name, sdl]) => ({
      name,
      url: `http://${name}.invalid`,
      typeDefs: parse(sdl),
    })),
  );
  if (result.errors)
    return { errors: result.errors.map((error) => `${String(error.extensions.code)}: ${error.message}`) };
  return { supergraphSdl: result.supergraphSdl };
}

function apiSchema(subgraphs: Subgraphs): GraphQLSchema {
  const composed = compose(subgraphs);
  if ('errors' in composed) throw new Error(`does not compose:\n${composed.errors.join('\n')}`);
  return apiSchemaFromSupergraph(composed.supergraphSdl);
}

async function apiChanges(before: Subgraphs, after: Subgraphs) {
  return diffSchemas(apiSchema(before), apiSchema(after));
}

const PRODUCTS = `${LINK(['@key', '@shareable', '@inaccessible'])}
type Query { product(upc: String!): Product }
type Product @key(fields: "upc") { upc: String! name: String price: Int }`;

const INVENTORY = `${LINK(['@key', '@shareable', '@inaccessible'])}
type Product @key(fields: "upc") { upc: String! inStock: Boolean weight: Int }`;

describe('API-schema diff of a federated graph', () => {
  it('a field moved from one subgraph to another is not a change', async () => {
    const moved = {
      products: PRODUCTS.replace(' price: Int', ''),
      inventory: INVENTORY.replace('inStock: Boolean', 'inStock: Boolean price: Int'),
    };
    expect(await apiChanges({ products: PRODUCTS, inventory: INVENTORY }, moved)).toEqual([]);
  });

  it('a @shareable field removed from one of the two subgraphs providing it is not a change', async () => {
    const before = {
      products: PRODUCTS.replace('name: String', 'name: String @shareable'),
      inventory: INVENTORY.replace('inStock: Boolean', 'inStock: Boolean name: String @shareable'),
    };
    const after = { products: before.products, inventory: INVENTORY };
    expect(await apiChanges(before, after)).toEqual([]);
  });

  it('@inaccessible added to a field removes it from the API: FIELD_REMOVED, breaking', async () => {
    const after = {
      products: PRODUCTS.replace('price: Int', 'price: Int @inaccessible'),
      inventory: INVENTORY,
    };
    const changes = await apiChanges({ products: PRODUCTS, inventory: INVENTORY }, after);
    expect(changes).toEqual([
      expect.objectContaining({ code: 'FIELD_REMOVED', severity: 'breaking', coordinate: 'Product.price' }),
    ]);
  });

  it('an entity key removed from one subgraph fails composition (no API schema to diff)', () => {
    const after = { products: PRODUCTS, inventory: INVENTORY.replace(' @key(fields: "upc")', '') };
    const composed = compose(after);
    expect(composed).toHaveProperty('errors');
    // Without its key, inventory's Product is a value type sharing non-shareable fields with products.
    expect('errors' in composed && composed.errors.join('\n')).toMatch(/INVALID_FIELD_SHARING/);
  });

  it('builds the API schema of a supergraph linking authenticated, requiresScopes, policy and cost', () => {
    const { supergraphSdl } = composeExampleSupergraph();
    expect(supergraphSdl).toMatch(/specs\.apollo\.dev\/(authenticated|requiresScopes|policy|cost)\//);
    const schema = apiSchemaFromSupergraph(supergraphSdl);
    const typeNames = Object.keys(schema.getTypeMap());
    expect(typeNames.filter((name) => name.startsWith('join__') || name.startsWith('link__'))).toEqual([]);
    expect(schema.getDirectives().map((directive) => directive.name)).not.toContain('authenticated');
    expect(schema.getQueryType()?.getFields()).toHaveProperty('topProducts');
  });
});
