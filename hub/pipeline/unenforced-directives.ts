/**
 * A supergraph may apply directives that a policy of the table reads while that policy is not enabled (for
 * example `@authenticated` without `auth` / `authorization`): every caller can then read those fields, or no
 * cost is enforced. That is a legitimate setup (done by the subgraphs instead), but never a silent one: it is
 * logged at each load, per policy.
 */
import type { Logger } from 'pino';
import type { PolicyDefinition, PolicyTableEntry } from '../../policies/contract/policy.js';
import type { SupergraphView } from '../../policies/contract/supergraph-view.js';
import type { Pipeline } from './assemble-pipeline.js';

export function warnAboutUnenforcedDirectives(
  table: readonly PolicyTableEntry[],
  supergraph: SupergraphView,
  pipeline: Pipeline,
  logger: Logger,
): void {
  const enabled = new Set(pipeline.enabled);
  const enforced = new Set(
    table.flatMap((entry) => (entry.kind === 'policy' && enabled.has(entry.name) ? entry.directives : [])),
  );
  const idle = table.filter(
    (entry): entry is PolicyDefinition =>
      entry.kind === 'policy' &&
      !enabled.has(entry.name) &&
      entry.directives.some((directive) => !enforced.has(directive)),
  );
  if (idle.length === 0) return;
  supergraph.onLoad(({ supergraph: { directives, hash } }) => {
    for (const entry of idle) {
      const used = entry.directives.filter(
        (directive) => !enforced.has(directive) && directives.get(directive).size > 0,
      );
      if (used.length === 0) continue;
      const coordinates = used.reduce((sum, directive) => sum + directives.get(directive).size, 0);
      logger.warn(
        { hash, policy: entry.name, directives: used.map((directive) => `@${directive.name}`), coordinates },
        `the supergraph applies ${used.map((directive) => `@${directive.name}`).join('/')} but the "${entry.name}" policy, ` +
          'which enforces them, is not enabled: they have no effect (every caller is served those fields)',
      );
    }
  });
}
