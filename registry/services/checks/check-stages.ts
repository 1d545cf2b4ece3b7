import type { CheckStage } from './check-state.js';
import { clientImpactStage } from './client-impact-stage.js';
import { compositionStage } from './composition-stage.js';
import { lintStage } from './lint-stage.js';

/**
 * The schema check, as an ordered table of stages: composition → client impact → lint. A later usage stage
 * (real field usage, registered client operations) goes after client impact.
 */
export const CHECK_STAGES: readonly CheckStage[] = [compositionStage, clientImpactStage, lintStage];
