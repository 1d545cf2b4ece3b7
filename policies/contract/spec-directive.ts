/**
 * Open directive metadata. A policy declares the spec directives it reads (`@cost`, `@listSize`,
 * `@authenticated`, …) with `specDirective(...)` and lists them in its definition (`directives:`). The hub
 * collects every declaration of its policy table, reads the applications of those directives from each
 * supergraph it loads, strips them (and their `@link`s) before `@apollo/gateway` sees the supergraph, and hands
 * the values to the policies by declaration: `supergraph.directives.get(COST)` is a map from schema coordinate
 * (`Type`, `Type.field`, `Type.field(arg:)`, `Input.field`, `Enum.VALUE`) to what `read` returned for it.
 */

/** A directive application's arguments, as `valueFromASTUntyped` gives them. */
export type DirectiveArguments = Readonly<Record<string, unknown>>;

export interface SpecDirective<Value> {
  /** The spec's URL without its version: `https://specs.apollo.dev/cost`. */
  readonly spec: string;
  /** The spec versions this reader understands (`v0.1`); a supergraph linking another is refused. */
  readonly versions: readonly string[];
  /** The directive's name in the spec, without `@` (`listSize`, not the local `cost__listSize`). */
  readonly name: string;
  /** Checks one application's arguments and returns what to record; throws `InvalidDirectiveArgumentError`. */
  read(args: DirectiveArguments, coordinate: string): Value;
}

export function specDirective<Value>(directive: SpecDirective<Value>): SpecDirective<Value> {
  return Object.freeze({ ...directive, versions: Object.freeze([...directive.versions]) });
}

/** The values of the declared directives in one supergraph. */
export interface DirectiveMetadata {
  /** Coordinate → value; empty when the supergraph does not apply the directive. */
  get<Value>(directive: SpecDirective<Value>): ReadonlyMap<string, Value>;
}

export class InvalidDirectiveArgumentError extends Error {
  override readonly name = 'InvalidDirectiveArgumentError';
  constructor(
    readonly directive: string,
    readonly coordinate: string,
    readonly argument: string,
    expected: string,
  ) {
    super(`@${directive} on ${coordinate}: argument "${argument}" must be ${expected}`);
  }
}
