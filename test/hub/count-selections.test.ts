import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { countSelections } from '../../hub/pipeline/count-selections.js';

function count(query: string, cap = 1_000_000): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operation === undefined) throw new Error('no operation');
  return countSelections(document, operation, cap);
}

describe('countSelections', () => {
  it('counts every field, nested ones and __typename included', () => {
    expect(count('{ a b { c d { e } } __typename }')).toBe(6);
  });

  it('counts what a fragment selects each time it is spread, inline fragments included', () => {
    expect(count('{ a { ...F } b { ...F } ... on Query { c } } fragment F on T { x y }')).toBe(7);
  });

  it('counts a fragment bomb without expanding it, and stops at the cap', () => {
    const levels = 40;
    const fragments = ['fragment F0 on T { x }'];
    for (let level = 1; level <= levels; level += 1) {
      fragments.push(`fragment F${level} on T { a: f { ...F${level - 1} } b: f { ...F${level - 1} } }`);
    }
    const bomb = `{ ...F${levels} } ${fragments.join(' ')}`;
    expect(count(bomb, 2_001)).toBe(2_001);
    expect(count(`{ ...F3 } ${fragments.slice(0, 4).join(' ')}`)).toBe(2 + 2 * (2 + 2 * (2 + 2 * 1)));
  });

  it('fails closed on a fragment it cannot find (validation refuses those first)', () => {
    expect(count('{ ...Missing }', 50)).toBe(50);
  });

  it('counts only the operation asked for', () => {
    const document = parse('query A { a } query B { a b c }');
    const [first, second] = document.definitions as OperationDefinitionNode[];
    expect(countSelections(document, first as OperationDefinitionNode, 100)).toBe(1);
    expect(countSelections(document, second as OperationDefinitionNode, 100)).toBe(3);
  });
});
