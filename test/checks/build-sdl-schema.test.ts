// SDL files become the schema to diff, or errors that say where the SDL is wrong.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSdlSchema } from '../../registry/checks/build-sdl-schema.js';
import { diffSchemas } from '../../registry/checks/classify-changes.js';
import { composeExampleSupergraph } from '../helpers/compose-supergraph.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/checks/${name}`, import.meta.url), 'utf8');

describe('buildSdlSchema', () => {
  it('builds a plain schema', () => {
    const result = buildSdlSchema(fixture('old.graphql'), 'old.graphql');
    expect(result.ok && result.kind).toBe('schema');
  });

  it('reports a syntax error with its line and column', () => {
    const result = buildSdlSchema(fixture('unparsable.graphql'), 'unparsable.graphql');
    expect(result).toEqual({
      ok: false,
      stage: 'parse',
      errors: [
        { message: expect.stringContaining('Syntax Error') as string, locations: [{ line: 7, column: 8 }] },
      ],
    });
  });

  it('reports SDL validation errors with their locations', () => {
    const result = buildSdlSchema(fixture('invalid.graphql'), 'invalid.graphql');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.stage).toBe('validate');
    expect(result.errors).toContainEqual({
      message: 'Unknown type "User".',
      locations: [{ line: 7, column: 10 }],
    });
  });

  it('reports schema validation errors (beyond the SDL rules) with their locations', () => {
    const sdl =
      'type Query { n: Node }\ninterface Node { id: ID! }\ntype Thing implements Node { name: String }\n';
    const result = buildSdlSchema(sdl, 'schema.graphql');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.message).toMatch(
      /Interface field Node\.id expected but Thing does not provide it/,
    );
    expect(result.errors[0]?.locations).toContainEqual({ line: 3, column: 1 });
  });

  it('builds a Federation 2 subgraph without definitions for its federation directives', async () => {
    const before = buildSdlSchema(fixture('subgraph-old.graphql'), 'subgraph-old.graphql');
    const after = buildSdlSchema(fixture('subgraph-new.graphql'), 'subgraph-new.graphql');
    if (!before.ok || !after.ok) throw new Error('fixtures should build');
    expect([before.kind, after.kind]).toEqual(['subgraph', 'subgraph']);
    // The federation machinery is not part of the comparison, nor is the linked federation version.
    expect(before.schema.getQueryType()?.getFields()).not.toHaveProperty('_entities');
    expect(before.schema.getType('_Service')).toBeUndefined();
    const changes = await diffSchemas(before.schema, after.schema);
    expect(changes.map(({ code, coordinate }) => `${code} ${coordinate}`)).toEqual([
      'FIELD_REMOVED Product.cost',
    ]);
  });

  it('builds a Federation 1 subgraph (undeclared @key, extend type)', () => {
    const sdl = 'extend type Query { me: User }\ntype User @key(fields: "id") { id: ID! name: String }\n';
    const result = buildSdlSchema(sdl, 'accounts.graphql');
    expect(result.ok && result.kind).toBe('subgraph');
    expect(result.ok && Object.keys(result.schema.getQueryType()?.getFields() ?? {})).toEqual(['me']);
  });

  it('reports an invalid subgraph with the location federation gives', () => {
    const sdl = fixture('subgraph-new.graphql').replace('name: String @shareable', 'name: Strin @shareable');
    const result = buildSdlSchema(sdl, 'products.graphql');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        message: expect.stringContaining('Unknown type Strin') as string,
        locations: [{ line: 9, column: 9 }],
      },
    ]);
  });

  it('builds the API schema of a supergraph file', () => {
    const result = buildSdlSchema(composeExampleSupergraph().supergraphSdl, 'supergraph.graphql');
    expect(result.ok && result.kind).toBe('supergraph');
    expect(result.ok && result.schema.getType('join__Graph')).toBeUndefined();
  });
});
