import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry } from '../../registry/server.js';
import { describeOnDatabases } from '../helpers/databases.js';
import { fieldSubgraphSdl, uniqueGraphName } from '../helpers/registry.js';

interface Version {
  version: number;
  hash: string;
  change: { action: string; subgraph: string };
  subgraphs: { name: string; sdlHash: string }[];
  supergraphSdl: string;
}

describeOnDatabases('racing publishes over HTTP', (storage) => {
  let registry: RunningRegistry;
  let token: string;
  beforeAll(async () => {
    registry = await startRegistry({ ...storage.options(), logger: false });
    token = registry.initialAdminToken ?? '';
  });
  afterAll(async () => {
    await registry.close();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(registry.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json() };
  }

  it('lands every one of many concurrent publishes, as contiguous versions with consistent snapshots', async () => {
    const graph = uniqueGraphName('race');
    expect((await call('POST', '/v1/graphs', { name: graph })).status).toBe(201);
    const base = `/v1/graphs/${graph}/variants/current`;

    const distinct = Array.from({ length: 8 }, (_, i) => `svc${i}`);
    // Two more publishes of one subgraph with different SDL race the others as well. They remove a field
    // (a breaking change), so they are forced, with a reason, as an admin.
    const forced = { force: true, reason: 'race test' };
    const publishes = [
      ...distinct.map((name) => ({ name, sdl: fieldSubgraphSdl(`${name}Field`), extra: {} })),
      { name: 'svc0', sdl: fieldSubgraphSdl('svc0FieldB'), extra: forced },
      { name: 'svc0', sdl: fieldSubgraphSdl('svc0FieldC'), extra: forced },
    ];
    const answers = await Promise.all(
      publishes.map(({ name, sdl, extra }) =>
        call('POST', `${base}/subgraphs/${name}`, { sdl, routingUrl: `http://${name}/graphql`, ...extra }),
      ),
    );
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);

    const numbers = answers
      .map((answer) => (answer.body as { version: Version }).version.version)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: publishes.length }, (_, i) => i + 1));

    const subgraphs = (await call('GET', `${base}/subgraphs`)).body as { subgraphs: { name: string }[] };
    expect(subgraphs.subgraphs.map((s) => s.name)).toEqual(distinct);

    // Each version contains exactly the subgraphs published up to it, and the previous version's others.
    const history = ((await call('GET', `${base}/history`)).body as { versions: Version[] }).versions;
    expect(history.map((v) => v.version)).toEqual([...numbers].reverse());
    let previous: Map<string, string> = new Map();
    for (const summary of [...history].reverse()) {
      const full = (await call('GET', `${base}/supergraph/versions/${summary.version}`)).body as Version;
      const names = new Map(full.subgraphs.map((s) => [s.name, s.sdlHash]));
      expect(names.has(full.change.subgraph)).toBe(true);
      for (const [name, hash] of previous) {
        if (name !== full.change.subgraph)
          expect(names.get(name), `v${full.version} keeps ${name}`).toBe(hash);
      }
      expect(names.size).toBe(previous.size + (previous.has(full.change.subgraph) ? 0 : 1));
      for (const name of names.keys()) expect(full.supergraphSdl).toContain(`name: "${name}"`);
      previous = names;
    }
    const current = (await call('GET', `${base}/supergraph`)).body as Version;
    expect(current.version).toBe(publishes.length);
  });
});
