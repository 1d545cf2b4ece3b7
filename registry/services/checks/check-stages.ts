import type { CheckStage } from './check-state.js';
import { brokenOperationsStage, loadRegisteredOperationsStage } from './registered-operations-stage.js';
import { removalLintStage } from './removal-lint-stage.js';
import { schemaAnalysisStage } from './schema-analysis-stage.js';
import { usageStage } from './usage-stage.js';

/**
 * The schema check, as an ordered table of stages. The schema analysis runs in a worker thread (composition →
 * client impact → SDL lint, registry/workers/schema-tasks.ts); the removal lint needs the database, so it runs
 * here. The registered operations of active client versions are read before the analysis (which validates them
 * against the current and proposed API schemas) and attributed to their client versions after it. The usage
 * stage then says which failing changes nobody (or hardly anybody) used in the window: those do not fail.
 */
export const CHECK_STAGES: readonly CheckStage[] = [
  loadRegisteredOperationsStage,
  schemaAnalysisStage,
  brokenOperationsStage,
  usageStage,
  removalLintStage,
];
