import { parse, Source } from 'graphql';
import { lintRemovals } from '../../checks/lint/removal-rule.js';
import { lintSubgraphDocument } from '../../checks/lint/naming-rules.js';
import { findDeprecationDate } from '../../storage/repositories/supergraph-versions.js';
import type { CheckStage, CheckState } from './check-state.js';

/**
 * The graph's lint rules: naming and deprecation reasons on the proposed subgraph's SDL (only what this team
 * writes), and REQUIRE_DEPRECATION_BEFORE_REMOVAL on the client-impact changes. Only `error` findings fail.
 */
export const lintStage: CheckStage = {
  name: 'lint',
  async run(state: CheckState) {
    const { proposal, lintConfig } = state;
    if (proposal.action === 'publish') {
      const document = parse(new Source(proposal.sdl, proposal.subgraph));
      state.lintFindings.push(...lintSubgraphDocument(document, proposal.subgraph, lintConfig));
    }
    if (
      lintConfig.rules.REQUIRE_DEPRECATION_BEFORE_REMOVAL !== 'off' &&
      state.oldApiSchema &&
      state.changes
    ) {
      const dates = new Map<string, Date | null>();
      const variantId = state.base.variantId;
      for (const change of state.changes) {
        if (change.code !== 'FIELD_REMOVED' && change.code !== 'ENUM_VALUE_REMOVED') continue;
        dates.set(
          change.coordinate,
          variantId === null ? null : await findDeprecationDate(state.db, variantId, change.coordinate),
        );
      }
      state.lintFindings.push(
        ...lintRemovals(
          state.changes,
          { oldSchema: state.oldApiSchema, deprecatedSince: (c) => dates.get(c) ?? null, now: state.now },
          lintConfig,
        ),
      );
    }
    return 'continue';
  },
};
