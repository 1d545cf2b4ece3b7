import { describe, expect, it } from 'vitest';
import { composeExampleSupergraph } from '../helpers/compose-supergraph.js';

describe('the example subgraphs', () => {
  it('compose without errors or hints', () => {
    const { supergraphSdl, hints } = composeExampleSupergraph();
    expect(hints).toEqual([]);
    for (const type of ['type User', 'type Product', 'type Review', 'type ProductCost']) {
      expect(supergraphSdl).toContain(type);
    }
  });
});
