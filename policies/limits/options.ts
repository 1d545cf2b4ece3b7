import { z } from 'zod';

/**
 * Options of the operation limits. Every limit is `{ mode, max }`: `enforce` refuses an operation above `max`
 * (HTTP 400, before any subgraph is asked), `measure` lets it run and reports the breach, `off` does not check.
 * All are enforced by default, with maxima no real client reaches and the usual overloading attacks exceed; the
 * README compares each default with Apollo Router, Hive Gateway and graphql-armor.
 */

export const LIMIT_MODES = ['off', 'measure', 'enforce'] as const;
export type LimitMode = (typeof LIMIT_MODES)[number];

function limit(defaultMax: number) {
  return z
    .strictObject({
      mode: z.enum(LIMIT_MODES).default('enforce'),
      max: z.number().int().positive().default(defaultMax),
    })
    .prefault({});
}

/** The default maximum of each limit (also what `max` falls back to when only `mode` is set). */
export const LIMIT_DEFAULTS = {
  /** Lexical tokens of the document, counted before it is parsed (graphql-armor's and Hive Gateway's 1,000). */
  maxTokens: 1_000,
  /** Deepest field nesting, fragments expanded. The standard introspection query is 15 deep. */
  maxDepth: 20,
  /** Fields per selection set (aliased duplicates once), summed over the operation with fragments expanded. */
  maxHeight: 500,
  /** Aliased fields, fragments expanded (Apollo Router's documented example: 30). */
  maxAliases: 30,
  /** Directive applications, fragments expanded (graphql-armor: 50; 50 duplicated directives must fail). */
  maxDirectives: 30,
  /** Distinct response keys at the root, through fragments (Apollo Router's documented example: 20). */
  maxRootFields: 20,
  /** Subgraph fetches in the query plan (the public gateway benchmark's depth-8 query plans 16). */
  maxSubgraphFetches: 50,
} as const;

export type LimitName = keyof typeof LIMIT_DEFAULTS;

export const limitsOptions = z.strictObject({
  maxTokens: limit(LIMIT_DEFAULTS.maxTokens),
  maxDepth: limit(LIMIT_DEFAULTS.maxDepth),
  maxHeight: limit(LIMIT_DEFAULTS.maxHeight),
  maxAliases: limit(LIMIT_DEFAULTS.maxAliases),
  maxDirectives: limit(LIMIT_DEFAULTS.maxDirectives),
  maxRootFields: limit(LIMIT_DEFAULTS.maxRootFields),
  maxSubgraphFetches: limit(LIMIT_DEFAULTS.maxSubgraphFetches),
  /**
   * Skip the document limits (not `maxSubgraphFetches`) for registered operations: those the
   * `persisted-operations` policy matched for the request's client (its `PERSISTED_OPERATION` fact). Default
   * false: a registered operation is limited like any other.
   */
  skipPersisted: z.boolean().default(false),
});

export type LimitsOptions = z.output<typeof limitsOptions>;
export type LimitsOptionsInput = z.input<typeof limitsOptions>;
export type LimitSetting = LimitsOptions[LimitName];
