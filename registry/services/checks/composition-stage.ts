import type { SubgraphSource } from '../composition.js';
import type { CheckStage, CheckState } from './check-state.js';

/** The proposed subgraph composed with every other current subgraph; composition errors end the check. */
export const compositionStage: CheckStage = {
  name: 'composition',
  run(state: CheckState) {
    const sources = proposedSubgraphs(state);
    if (sources.length === 0) {
      state.composition = null;
      return Promise.resolve('continue');
    }
    const composition = state.ctx.composer.compose(sources);
    if (!composition.ok) {
      state.compositionErrors = composition.errors;
      return Promise.resolve('stop');
    }
    state.composition = composition;
    return Promise.resolve('continue');
  },
};

export function proposedSubgraphs(state: Pick<CheckState, 'base' | 'proposal'>): SubgraphSource[] {
  const { proposal } = state;
  const others: SubgraphSource[] = state.base.subgraphs.filter((s) => s.name !== proposal.subgraph);
  if (proposal.action === 'delete') return others;
  return [...others, { name: proposal.subgraph, routingUrl: proposal.routingUrl, sdl: proposal.sdl }];
}
