// Subgraph changes that break other subgraphs surface as composition errors with these codes (docs/checks.md).
import { describe, expect, it } from 'vitest';
import { Composer } from '../../registry/services/composition.js';
import { EXAMPLE_SUBGRAPH_NAMES, exampleSubgraphSdl } from '../../subgraphs-example/index.js';
import type { ExampleSubgraphName } from '../../subgraphs-example/index.js';

function composeWith(name: ExampleSubgraphName, edit: (sdl: string) => string): string[] {
  const composition = new Composer().compose(
    EXAMPLE_SUBGRAPH_NAMES.map((n) => ({
      name: n,
      routingUrl: `http://${n}/graphql`,
      sdl: n === name ? edit(exampleSubgraphSdl(n)) : exampleSubgraphSdl(n),
    })),
  );
  return composition.ok ? [] : [...new Set(composition.errors.map((error) => error.code))];
}

describe('cross-subgraph breaks on the example graph', () => {
  it('composes unchanged', () => {
    expect(composeWith('products', (sdl) => sdl)).toEqual([]);
  });

  it.each([
    [
      'a field another subgraph marks @external is removed',
      'products',
      (s: string) => s.replace(/\n *"Weight in grams."\n *weight: Int\n/, '\n'),
      'EXTERNAL_MISSING_ON_BASE',
    ],
    [
      'an entity loses its @key',
      'products',
      (s: string) => s.replace('type Product @key(fields: "upc")', 'type Product'),
      'INVALID_FIELD_SHARING',
    ],
    [
      'the @key field is renamed',
      'products',
      (s: string) =>
        s.replace(
          'type Product @key(fields: "upc") {\n  upc: String!\n',
          'type Product @key(fields: "sku") {\n  sku: String!\n',
        ),
      'SATISFIABILITY_ERROR',
    ],
    [
      'an @external field changes type',
      'products',
      (s: string) => s.replace('  price: Int\n', '  price: Float\n'),
      'EXTERNAL_TYPE_MISMATCH',
    ],
    [
      '@shareable is dropped from a shared field',
      'accounts',
      (s: string) => s.replace('username: String @shareable', 'username: String'),
      'INVALID_FIELD_SHARING',
    ],
  ] as const)('%s → %s', (_title, name, edit, code) => {
    expect(composeWith(name, edit)).toContain(code);
  });
});
