/** A graph ref names one variant of one graph: `shop@prod`. Without `@variant` the variant is `current`. */
export interface GraphRef {
  readonly graph: string;
  readonly variant: string;
}

export const DEFAULT_VARIANT = 'current';
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export class InvalidGraphRefError extends Error {
  override readonly name = 'InvalidGraphRefError';
}

export function parseGraphRef(input: string): GraphRef {
  const [graph = '', variant = DEFAULT_VARIANT, ...rest] = input.split('@');
  if (rest.length > 0 || !NAME.test(graph) || !NAME.test(variant)) {
    throw new InvalidGraphRefError(
      `invalid graph ref "${input}": expected <graph>@<variant> with names made of letters, digits, _ and - (e.g. shop@prod)`,
    );
  }
  return { graph, variant };
}

export function formatGraphRef(ref: GraphRef): string {
  return `${ref.graph}@${ref.variant}`;
}
