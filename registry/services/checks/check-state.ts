import type { GraphQLSchema } from 'graphql';
import type { CompositionError, SubgraphWithSdl } from '../../api-types.js';
import type { FailOn, ReportedChange, ReportLintFinding } from '../../checks/check-report.js';
import type { LintConfig } from '../../checks/lint/lint-config.js';
import type { Queryable } from '../../storage/database.js';
import type { ComposedGraph } from '../composition.js';
import type { RegistryContext } from '../registry-context.js';

/** What is proposed: a new SDL (and routing URL) for one subgraph, or its removal. */
export type Proposal =
  | {
      readonly action: 'publish';
      readonly subgraph: string;
      readonly sdl: string;
      readonly routingUrl: string;
    }
  | { readonly action: 'delete'; readonly subgraph: string };

/** The variant as it is now: what the proposal is compared with. */
export interface CheckBase {
  readonly variantId: number | null;
  readonly subgraphs: readonly SubgraphWithSdl[];
  /** The current supergraph version, `null` when the variant has none. */
  readonly version: { readonly version: number; readonly hash: string; readonly sdl: string } | null;
}

/** What the stages read and fill in, in order. */
export interface CheckState {
  readonly ctx: RegistryContext;
  readonly db: Queryable;
  readonly graph: string;
  readonly variant: string;
  readonly proposal: Proposal;
  readonly base: CheckBase;
  readonly lintConfig: LintConfig;
  readonly failOn: FailOn;
  readonly now: Date;
  /** composition: the proposed supergraph, `null` when the proposal leaves no subgraph. */
  composition?: ComposedGraph | null;
  compositionErrors?: CompositionError[];
  /** client impact: the current and proposed API schemas and the classified changes between them. */
  oldApiSchema?: GraphQLSchema;
  newApiSchema?: GraphQLSchema;
  changes?: ReportedChange[];
  lintFindings: ReportLintFinding[];
}

/**
 * One step of a schema check. Stages run in the order of `CHECK_STAGES`; a stage returns `stop` when the
 * later ones cannot run (composition failed). A usage stage (operations and field usage) slots in after
 * client impact: it reads `changes` and may add findings.
 */
export interface CheckStage {
  readonly name: string;
  run(state: CheckState): Promise<'continue' | 'stop'>;
}
