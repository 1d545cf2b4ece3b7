import { describe, expect, it } from 'vitest';
import { createGateway } from '../../hub/graphql/create-gateway.js';
import { SupergraphManager } from '../../hub/supergraph/supergraph-manager.js';
import type { CandidateListener, SupergraphSource } from '../../hub/supergraph/supergraph-source.js';
import {
  composeSupergraph,
  GATEWAY_CONFIG,
  NO_PIPELINE_HOOKS,
  productsTypeDefs,
  REVIEWS_TYPE_DEFS,
  silentLogger,
} from '../helpers/hub.js';
import { HUB_DIRECTIVES } from '../helpers/prepared-supergraph.js';

const subgraphs = [
  { name: 'products', url: 'http://127.0.0.1:1/graphql', typeDefs: productsTypeDefs() },
  { name: 'reviews', url: 'http://127.0.0.1:2/graphql', typeDefs: REVIEWS_TYPE_DEFS },
];

function manualSource(): SupergraphSource & { push(sdl: string): Promise<void> } {
  let listener: CandidateListener = () => Promise.resolve();
  return {
    description: 'manual',
    start(onCandidate) {
      listener = onCandidate;
      return Promise.resolve({ ok: false, reason: 'nothing yet' });
    },
    stop: () => Promise.resolve(),
    push: (supergraphSdl) => listener({ supergraphSdl, version: null, origin: 'manual' }),
  };
}

describe('SupergraphManager', () => {
  it('feeds the gateway, keeps the previous supergraph on a bad one, and maps schemas to their supergraph', async () => {
    const source = manualSource();
    const manager = new SupergraphManager({
      source,
      lastKnownGood: null,
      logger: silentLogger(),
      directives: HUB_DIRECTIVES,
    });
    const gateway = createGateway(manager, GATEWAY_CONFIG, NO_PIPELINE_HOOKS, silentLogger());
    const loading = gateway.load();
    await manager.start();
    expect(manager.readiness()).toEqual({ ready: false, reason: 'manual: nothing yet' });

    await source.push(composeSupergraph(subgraphs));
    const { schema } = await loading;
    const first = manager.current();
    expect(first).not.toBeNull();
    expect(manager.readiness()).toEqual({ ready: true });
    expect(manager.supergraphForSchema(schema)).toBe(first);

    await source.push('not a supergraph');
    expect(manager.current()).toBe(first);
    expect(manager.supergraphForSchema(schema)).toBe(first);

    await source.push(
      composeSupergraph([
        { ...subgraphs[0]!, typeDefs: productsTypeDefs('greeting: String') },
        subgraphs[1]!,
      ]),
    );
    expect(manager.current()?.hash).not.toBe(first?.hash);
    expect(gateway.schema?.getQueryType()?.getFields()).toHaveProperty('greeting');
    expect(manager.supergraphForSchema(gateway.schema!)).toBe(manager.current());
    await gateway.stop();
  });

  it('lets a pending gateway load fail when stopped before any supergraph arrived', async () => {
    const manager = new SupergraphManager({
      source: manualSource(),
      lastKnownGood: null,
      logger: silentLogger(),
      directives: HUB_DIRECTIVES,
    });
    const gateway = createGateway(manager, GATEWAY_CONFIG, NO_PIPELINE_HOOKS, silentLogger());
    const loading = gateway.load();
    await manager.start();
    await manager.stop();
    await expect(loading).rejects.toThrow(/stopped before a supergraph was loaded/);
  });
});
