import type { CompositionError, SubgraphWithSdl } from '../../api-types.js';
import type {
  FailOn,
  ReportBrokenOperation,
  ReportedChange,
  ReportLintFinding,
} from '../../checks/check-report.js';
import type { LintConfig } from '../../checks/lint/lint-config.js';
import type { Queryable } from '../../storage/database.js';
import type { Lane } from '../../workers/worker-pool.js';
import type { RegistryContext } from '../registry-context.js';
import type { RegisteredOperations } from '../persisted-operations.js';
import type { KeyedAnalysis } from '../schema-work.js';

/** What is proposed: a new SDL (and routing URL) for one subgraph, or its removal. */
export type Proposal =
  | {
      readonly action: 'publish';
      readonly subgraph: string;
      readonly sdl: string;
      readonly routingUrl: string;
      /**
       * Subgraphs published in the same batch (`POST …/subgraphs`): composed with this one, in place of their
       * current versions. The check reports the changes of the whole batch.
       */
      readonly alongside?: readonly { name: string; routingUrl: string; sdl: string }[];
    }
  | { readonly action: 'delete'; readonly subgraph: string };

/** The variant as it is now: what the proposal is compared with. */
export interface CheckBase {
  readonly variantId: number | null;
  readonly subgraphs: readonly SubgraphWithSdl[];
  /** The current supergraph version, `null` when the variant has none. */
  readonly version: { readonly version: number; readonly hash: string; readonly sdl: string } | null;
}

/** A composed supergraph, as it is stored: its SDL and the SDL's sha256. */
export interface ComposedSupergraph {
  readonly sdl: string;
  readonly hash: string;
}

/** What the stages read and fill in, in order. */
export interface CheckState {
  readonly ctx: RegistryContext;
  readonly db: Queryable;
  readonly graph: string;
  readonly graphId: number;
  readonly variant: string;
  readonly proposal: Proposal;
  readonly base: CheckBase;
  readonly lintConfig: LintConfig;
  readonly failOn: FailOn;
  /** Every failing change counts, whatever its usage (`--skip-usage`). */
  readonly skipUsage: boolean;
  readonly now: Date;
  /** Which queue of the schema workers the analysis waits in: writes go ahead of checks. */
  readonly lane: Lane;
  /** An analysis made earlier for the same input (a publish outside, then inside its transaction). */
  readonly reuse: KeyedAnalysis | null;
  /** schema analysis: what the worker found, keyed by its input. */
  analysis?: KeyedAnalysis;
  /** The proposed supergraph (writes only: checks do not print it), `null` when no subgraph is left. */
  composition?: ComposedSupergraph | null;
  compositionErrors?: CompositionError[];
  /** The classified API-schema changes. */
  changes?: ReportedChange[];
  /** Removed fields and enum values that were deprecated, with their reasons. */
  deprecatedRemovals?: ReadonlyMap<string, string>;
  lintFindings: ReportLintFinding[];
  /** The variant's active registered operations (loaded before the analysis, which validates them). */
  registeredOperations?: RegisteredOperations;
  /** Registered operations the proposal breaks, per client version. */
  brokenOperations?: ReportBrokenOperation[];
}

/**
 * One step of a schema check. Stages run in the order of `CHECK_STAGES`; a stage returns `stop` when the
 * later ones cannot run (composition failed). The usage stage runs after the schema analysis: it reads
 * `changes` and says, on each failing one, whether its usage blocks it.
 */
export interface CheckStage {
  readonly name: string;
  run(state: CheckState): Promise<'continue' | 'stop'>;
}
