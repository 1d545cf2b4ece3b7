/**
 * What cost analysis reads from the supergraph, in the shape the hub extracts it (`hub/supergraph/metadata.ts`),
 * defined here so the cost algorithms import nothing of the hub. Coordinates follow the GraphQL schema-coordinate
 * syntax: `Type` (objects, scalars, enums), `Type.field`, `Type.field(arg:)` and `Input.field`.
 */

/** `@listSize(assumedSize, slicingArguments, sizedFields, requireOneSlicingArgument)` on `Type.field`. */
export interface ListSizeSpec {
  readonly assumedSize: number | null;
  /** Argument names; a dotted path (`filter.first`) reads a field of an input-object argument. */
  readonly slicingArguments: readonly string[] | null;
  readonly sizedFields: readonly string[] | null;
  /** The spec's default is `true`. */
  readonly requireOneSlicingArgument: boolean;
}

export interface CostMetadata {
  /** coordinate → `@cost(weight:)` */
  readonly costs: ReadonlyMap<string, number>;
  /** `Type.field` → `@listSize` */
  readonly listSizes: ReadonlyMap<string, ListSizeSpec>;
}

/** The subgraphs that resolve `Type.field` (several for a shareable field). */
export type FieldOwner = (coordinate: string) => readonly string[];

/** A request's variables, as the client sent them (JSON). */
export type Variables = Readonly<Record<string, unknown>>;
