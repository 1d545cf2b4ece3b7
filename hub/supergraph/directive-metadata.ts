/**
 * The values of the spec directives the policies declared (`policies/contract/spec-directive.ts`), read from
 * one supergraph before the directives are stripped for `@apollo/gateway`: per declaration, schema coordinate →
 * what the declaration's `read` returned.
 */
import type { DirectiveMetadata, SpecDirective } from '../../policies/contract/spec-directive.js';

/** Thrown when a coordinate carries the same directive twice: the hub cannot tell which one wins. */
export class DuplicateDirectiveError extends Error {
  override readonly name = 'DuplicateDirectiveError';
  constructor(
    readonly directive: string,
    readonly coordinate: string,
  ) {
    super(`@${directive} is applied more than once to ${coordinate}`);
  }
}

const NONE: ReadonlyMap<string, never> = new Map<string, never>();

class FrozenDirectiveMetadata implements DirectiveMetadata {
  constructor(readonly values: ReadonlyMap<SpecDirective<unknown>, ReadonlyMap<string, unknown>>) {}

  get<Value>(directive: SpecDirective<Value>): ReadonlyMap<string, Value> {
    return (this.values.get(directive) as ReadonlyMap<string, Value> | undefined) ?? NONE;
  }
}

export const EMPTY_DIRECTIVE_METADATA: DirectiveMetadata = new FrozenDirectiveMetadata(new Map());

/** Accumulates directive applications during the collecting pass, then hands out a frozen snapshot. */
export class DirectiveMetadataBuilder {
  readonly #values = new Map<SpecDirective<unknown>, Map<string, unknown>>();

  record(directive: SpecDirective<unknown>, coordinate: string, value: unknown): void {
    let byCoordinate = this.#values.get(directive);
    if (byCoordinate === undefined) {
      byCoordinate = new Map();
      this.#values.set(directive, byCoordinate);
    }
    if (byCoordinate.has(coordinate)) throw new DuplicateDirectiveError(directive.name, coordinate);
    byCoordinate.set(coordinate, Object.isFrozen(value) ? value : Object.freeze(value));
  }

  build(): DirectiveMetadata {
    return new FrozenDirectiveMetadata(new Map(this.#values));
  }
}
