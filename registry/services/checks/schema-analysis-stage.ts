import type { SubgraphWithSdl } from '../../api-types.js';
import type { AnalysisInput } from '../../workers/schema-tasks.js';
import type { SubgraphSource } from '../composition.js';
import { sha256Hex } from '../hashing.js';
import type { CheckStage, CheckState } from './check-state.js';

/**
 * Composition, client impact and SDL lint, in a schema worker: the proposal composed with every other current
 * subgraph (composition errors end the check), the proposed API schema diffed against the current one (changes
 * located in the subgraph's SDL: the proposed one, file `<subgraph>`, or for removals the current one, file
 * `<subgraph> (current)`), and the naming rules on the proposed SDL.
 */
export const schemaAnalysisStage: CheckStage = {
  name: 'schema-analysis',
  async run(state: CheckState) {
    const { proposal, base } = state;
    const current = base.subgraphs.find((s) => s.name === proposal.subgraph);
    const input: AnalysisInput = {
      subgraph: proposal.subgraph,
      action: proposal.action,
      proposedSdl: proposal.action === 'publish' ? proposal.sdl : null,
      currentSdl: current?.sdl ?? null,
      sources: proposedSubgraphs(state),
      base: base.version ? { hash: base.version.hash, sdl: base.version.sdl } : null,
      lintConfig: state.lintConfig,
      printSupergraph: state.lane === 'write',
      operations: state.registeredOperations?.documents ?? [],
    };
    const keyed = await state.ctx.schemaWork.analyze(input, analysisKey(state), state.lane, state.reuse);
    const { analysis } = keyed;
    state.analysis = keyed;
    if (analysis.compositionErrors.length > 0) {
      // A publish runs its check twice (prepared, then under the lock) on one analysis: counted once.
      if (keyed !== state.reuse)
        state.ctx.metrics?.compositionFailed(state.lane === 'write' ? 'publish' : 'check');
      state.compositionErrors = analysis.compositionErrors;
      return 'stop';
    }
    state.composition = analysis.supergraph;
    state.changes = analysis.changes;
    state.deprecatedRemovals = new Map(analysis.deprecatedRemovals);
    state.lintFindings.push(...analysis.subgraphFindings);
    return 'continue';
  },
};

export function proposedSubgraphs(state: Pick<CheckState, 'base' | 'proposal'>): SubgraphSource[] {
  const { proposal } = state;
  const alongside = proposal.action === 'publish' ? (proposal.alongside ?? []) : [];
  const replaced = new Set([proposal.subgraph, ...alongside.map((s) => s.name)]);
  const others: SubgraphSource[] = state.base.subgraphs
    .filter((s) => !replaced.has(s.name))
    .map(({ name, routingUrl, sdl }) => ({ name, routingUrl, sdl }));
  if (proposal.action === 'delete') return others;
  return [
    ...others,
    ...alongside.map(({ name, routingUrl, sdl }) => ({ name, routingUrl, sdl })),
    { name: proposal.subgraph, routingUrl: proposal.routingUrl, sdl: proposal.sdl },
  ];
}

/**
 * Identifies the analysis input from stored hashes, without hashing the stored SDLs again: the proposal, every
 * current subgraph (name, routing URL, SDL hash), the current supergraph, the lint configuration and the set of
 * registered operations.
 */
function analysisKey(state: CheckState): string {
  const { proposal, base } = state;
  const subgraphs = base.subgraphs.map((s: SubgraphWithSdl) => [s.name, s.routingUrl, s.sdlHash]);
  const proposed =
    proposal.action === 'publish'
      ? [
          proposal.action,
          proposal.subgraph,
          proposal.routingUrl,
          sha256Hex(proposal.sdl),
          (proposal.alongside ?? []).map((s) => [s.name, s.routingUrl, sha256Hex(s.sdl)]),
        ]
      : [proposal.action, proposal.subgraph];
  const operations = state.registeredOperations?.hash ?? '';
  return sha256Hex(
    JSON.stringify([proposed, subgraphs, base.version?.hash ?? null, state.lintConfig, operations]),
  );
}
