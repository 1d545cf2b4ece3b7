import type { CheckStage } from './check-state.js';
import { removalLintStage } from './removal-lint-stage.js';
import { schemaAnalysisStage } from './schema-analysis-stage.js';

/**
 * The schema check, as an ordered table of stages. The schema analysis runs in a worker thread (composition →
 * client impact → SDL lint, registry/workers/schema-tasks.ts); the removal lint needs the database, so it runs
 * here. A later usage stage (real field usage, registered client operations) goes after the analysis.
 */
export const CHECK_STAGES: readonly CheckStage[] = [schemaAnalysisStage, removalLintStage];
