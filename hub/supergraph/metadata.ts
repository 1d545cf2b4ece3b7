/**
 * What the hub enforces itself, read from the supergraph before the directives that carry it are
 * stripped for `@apollo/gateway`. Coordinates follow the GraphQL schema-coordinate syntax: `Type`,
 * `Type.field`, `Type.field(arg:)`, `Input.field`, `Enum.VALUE`, `@directive(arg:)`.
 */

export interface ListSizeSpec {
  assumedSize: number | null;
  slicingArguments: string[] | null;
  sizedFields: string[] | null;
  requireOneSlicingArgument: boolean;
}

export interface SupergraphMetadata {
  /** Schema coordinates ('Type' or 'Type.field') carrying @authenticated */
  readonly authenticated: ReadonlySet<string>;
  /** coordinate → scope sets (outer OR, inner AND) from @requiresScopes */
  readonly requiresScopes: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** coordinate → policy sets (outer OR, inner AND) from @policy */
  readonly policies: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** coordinate → weight from @cost; coordinates may be 'Type', 'Type.field', 'Type.field(arg:)', 'Input.field', 'Enum'… */
  readonly costs: ReadonlyMap<string, number>;
  /** 'Type.field' → @listSize */
  readonly listSizes: ReadonlyMap<string, ListSizeSpec>;
}

export const EMPTY_SUPERGRAPH_METADATA: SupergraphMetadata = Object.freeze({
  authenticated: new Set<string>(),
  requiresScopes: new Map<string, readonly (readonly string[])[]>(),
  policies: new Map<string, readonly (readonly string[])[]>(),
  costs: new Map<string, number>(),
  listSizes: new Map<string, ListSizeSpec>(),
});

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

function setOnce<Value>(map: Map<string, Value>, directive: string, coordinate: string, value: Value): void {
  if (map.has(coordinate)) throw new DuplicateDirectiveError(directive, coordinate);
  map.set(coordinate, value);
}

function freezeSets(sets: readonly (readonly string[])[]): readonly (readonly string[])[] {
  return Object.freeze(sets.map((set) => Object.freeze([...set])));
}

/** Accumulates directive applications during the collecting pass, then hands out a frozen snapshot. */
export class SupergraphMetadataBuilder {
  readonly #authenticated = new Set<string>();
  readonly #requiresScopes = new Map<string, readonly (readonly string[])[]>();
  readonly #policies = new Map<string, readonly (readonly string[])[]>();
  readonly #costs = new Map<string, number>();
  readonly #listSizes = new Map<string, ListSizeSpec>();

  addAuthenticated(coordinate: string): void {
    if (this.#authenticated.has(coordinate)) throw new DuplicateDirectiveError('authenticated', coordinate);
    this.#authenticated.add(coordinate);
  }

  addRequiresScopes(coordinate: string, scopes: readonly (readonly string[])[]): void {
    setOnce(this.#requiresScopes, 'requiresScopes', coordinate, freezeSets(scopes));
  }

  addPolicies(coordinate: string, policies: readonly (readonly string[])[]): void {
    setOnce(this.#policies, 'policy', coordinate, freezeSets(policies));
  }

  addCost(coordinate: string, weight: number): void {
    setOnce(this.#costs, 'cost', coordinate, weight);
  }

  addListSize(coordinate: string, listSize: ListSizeSpec): void {
    setOnce(this.#listSizes, 'listSize', coordinate, Object.freeze({ ...listSize }));
  }

  build(): SupergraphMetadata {
    return Object.freeze({
      authenticated: new Set(this.#authenticated),
      requiresScopes: new Map(this.#requiresScopes),
      policies: new Map(this.#policies),
      costs: new Map(this.#costs),
      listSizes: new Map(this.#listSizes),
    });
  }
}
