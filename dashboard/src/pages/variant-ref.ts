/** The graph@variant a page shows, and its path below /ui (`/graphs/shop/dev`). */
export interface VariantRef {
  readonly graph: string;
  readonly variant: string;
  readonly base: string;
}
