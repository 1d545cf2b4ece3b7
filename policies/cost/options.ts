import { z } from 'zod';

/**
 * Options of demand control. `enforce` refuses an operation whose estimated cost exceeds `maxCost` (or a subgraph's
 * share exceeds its `maxCost`) with HTTP 400 before any subgraph is asked; `measure` lets it run and reports the
 * breach; `off` computes nothing. The defaults pass the example and benchmark queries: the public gateway
 * benchmark's depth-8 query is estimated at 28,875 over the example subgraphs.
 */
export const costOptions = z.strictObject({
  mode: z.enum(['off', 'measure', 'enforce']).default('enforce'),
  /** The largest estimated cost of an operation. Default 50,000. */
  maxCost: z.number().int().positive().default(50_000),
  /** Per-subgraph maxima of the cost of the fields each subgraph resolves. Default: none. */
  subgraphs: z
    .record(z.string().min(1), z.strictObject({ maxCost: z.number().int().positive() }))
    .default({}),
  /** The size assumed for a list field without `@listSize`. Default 10 (Apollo's documented example). */
  defaultListSize: z.number().int().nonnegative().default(10),
  /**
   * `apollo` (default): GraphOS Router's demand control, a field's weight counts for each item it returns and a
   * mutation starts at 10. `ibm`: the IBM spec's Field Cost, a field's weight counts once per resolver run.
   */
  formula: z.enum(['apollo', 'ibm']).default('apollo'),
  /**
   * Report the cost to the client: `extensions.cost { estimated, actual, max }` and/or the response headers
   * `x-atrium-cost-estimated`, `-actual`, `-max`. The actual cost is computed from the response only then.
   * Default: off (costs tell an attacker how close to the limit a query is).
   */
  expose: z
    .strictObject({
      extensions: z.boolean().default(false),
      headers: z.boolean().default(false),
    })
    .prefault({}),
});

export type CostOptions = z.output<typeof costOptions>;
export type CostOptionsInput = z.input<typeof costOptions>;
