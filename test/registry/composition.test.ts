import { describe, expect, it } from 'vitest';
import { composeSubgraphs } from '../../registry/services/composition.js';
import { parseSubgraphSdl } from '../../registry/services/subgraph-sdl.js';
import { CONFLICTING_USERS_SDL, PRODUCTS_SDL, USERS_SDL } from '../helpers/registry.js';

describe('composition', () => {
  it('composes subgraphs into a supergraph whose hash is the sha256 of its SDL', () => {
    const outcome = composeSubgraphs([
      { name: 'users', routingUrl: 'http://users/graphql', sdl: USERS_SDL },
      { name: 'products', routingUrl: 'http://products/graphql', sdl: PRODUCTS_SDL },
    ]);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(outcome.supergraphSdl).toContain('url: "http://users/graphql"');
  });

  it('does not depend on the order of the subgraphs', () => {
    const users = { name: 'users', routingUrl: 'http://users/graphql', sdl: USERS_SDL };
    const products = { name: 'products', routingUrl: 'http://products/graphql', sdl: PRODUCTS_SDL };
    const a = composeSubgraphs([users, products]);
    const b = composeSubgraphs([products, users]);
    expect(a.ok && b.ok && a.hash === b.hash).toBe(true);
  });

  it('reports errors with their code, subgraph, line and column', () => {
    const outcome = composeSubgraphs([
      { name: 'users', routingUrl: 'http://users/graphql', sdl: USERS_SDL },
      { name: 'accounts', routingUrl: 'http://accounts/graphql', sdl: CONFLICTING_USERS_SDL },
    ]);
    if (outcome.ok) throw new Error('expected a composition failure');
    const mismatch = outcome.errors.find((error) => error.code === 'FIELD_TYPE_MISMATCH');
    expect(mismatch?.locations).toEqual([
      { subgraph: 'accounts', line: 3, column: 40 },
      { subgraph: 'users', line: 3, column: 40 },
    ]);
  });

  it('names the subgraph of errors raised while building one subgraph', () => {
    const outcome = composeSubgraphs([
      { name: 'lonely', routingUrl: 'http://lonely/graphql', sdl: 'type Query { x: Missing }' },
    ]);
    if (outcome.ok) throw new Error('expected a composition failure');
    expect(outcome.errors[0]).toMatchObject({ locations: [{ subgraph: 'lonely', line: 1, column: 17 }] });
  });

  it('turns a syntax error into INVALID_SDL with its location', () => {
    expect(() => parseSubgraphSdl('broken', 'type Query {')).toThrow(
      expect.objectContaining({
        code: 'INVALID_SDL',
        status: 400,
        details: expect.objectContaining({ locations: [{ line: 1, column: 13 }] }) as unknown,
      }),
    );
  });
});
