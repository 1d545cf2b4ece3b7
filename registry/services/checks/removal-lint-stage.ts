import { lintRemovals } from '../../checks/lint/removal-rule.js';
import { findDeprecationDate } from '../../storage/repositories/supergraph-versions.js';
import type { CheckStage, CheckState } from './check-state.js';

/**
 * REQUIRE_DEPRECATION_BEFORE_REMOVAL on the client-impact changes: whether a removed element was deprecated
 * comes from the analysis, since when from the stored versions. Only `error` findings fail.
 */
export const removalLintStage: CheckStage = {
  name: 'removal-lint',
  async run(state: CheckState) {
    const { lintConfig, changes, deprecatedRemovals } = state;
    if (lintConfig.rules.REQUIRE_DEPRECATION_BEFORE_REMOVAL === 'off' || !changes || !deprecatedRemovals) {
      return 'continue';
    }
    const dates = new Map<string, Date | null>();
    const variantId = state.base.variantId;
    for (const change of changes) {
      if (change.code !== 'FIELD_REMOVED' && change.code !== 'ENUM_VALUE_REMOVED') continue;
      dates.set(
        change.coordinate,
        variantId === null ? null : await findDeprecationDate(state.db, variantId, change.coordinate),
      );
    }
    state.lintFindings.push(
      ...lintRemovals(
        changes,
        {
          deprecationReason: (coordinate) => deprecatedRemovals.get(coordinate),
          deprecatedSince: (coordinate) => dates.get(coordinate) ?? null,
          now: state.now,
        },
        lintConfig,
      ),
    );
    return 'continue';
  },
};
