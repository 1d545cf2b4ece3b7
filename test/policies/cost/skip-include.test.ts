import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostModel, type CompiledCost } from '../../../policies/cost/compile-cost.js';
import { costSchema } from './fixtures/cost-schema.js';

const fixture = costSchema(`
  type Query { viewer: User friends: [User] @listSize(assumedSize: 10) }
  type User { name: String profile: Profile }
  type Profile { bio: String }
`);

function compile(query: string): CompiledCost {
  const compiled = new CostModel({ ...fixture, options: { defaultListSize: 10 } }).compile(parse(query));
  if (compiled === undefined) throw new Error('no operation');
  return compiled;
}

describe('@skip and @include', () => {
  it('a literal condition is decided once: the skipped selection costs nothing', () => {
    expect(compile('{ viewer { profile @skip(if: true) { bio } } }').estimate().cost).toBe(1);
    expect(compile('{ viewer { profile @include(if: false) { bio } } }').estimate().cost).toBe(1);
    expect(
      compile('{ viewer { profile @skip(if: false) @include(if: true) { bio } } }').estimate().cost,
    ).toBe(2);
  });

  it('a variable condition is read per request, on fields, inline fragments and fragment spreads', () => {
    const compiled = compile(`query ($withFriends: Boolean!, $noProfile: Boolean = false) {
      viewer { profile @skip(if: $noProfile) { bio } }
      ... @include(if: $withFriends) { friends { name } }
      ...Friends @include(if: $withFriends)
    }
    fragment Friends on Query { friends { profile { bio } } }`);
    // viewer 1 + profile 1; friends 10 × 1; friends 10 × (1 + 1)
    expect(compile('{ viewer { name } }').estimate().cost).toBe(1);
    expect(compiled.estimate({ withFriends: false }).cost).toBe(2);
    expect(compiled.estimate({ withFriends: false, noProfile: true }).cost).toBe(1);
    expect(compiled.estimate({ withFriends: true }).cost).toBe(2 + 10 + 20);
  });

  it('a variable with neither a value nor a default leaves the selection in (an upper bound)', () => {
    expect(
      compile('query ($v: Boolean!) { viewer { profile @include(if: $v) { bio } } }').estimate({}).cost,
    ).toBe(2);
  });

  it('the actual cost leaves skipped selections out too', () => {
    const compiled = compile('query ($v: Boolean!) { viewer { profile @include(if: $v) { bio } } }');
    expect(compiled.actual({ viewer: { profile: { bio: 'b' } } }, { v: true }).cost).toBe(2);
    expect(compiled.actual({ viewer: {} }, { v: false }).cost).toBe(1);
  });
});
