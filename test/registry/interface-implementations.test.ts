// Defect 12 of issue 9: a subgraph check that adds an object type implementing an existing interface reports it as
// dangerous at the interface (IMPLEMENTATION_ADDED), as a new union member is; against a real registry.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import { createTestRegistry, uniqueGraphName, type TestRegistry } from '../helpers/registry.js';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const MEDIA = `${LINK}
interface Media { id: ID! title: String }
type Book implements Media @key(fields: "id") { id: ID! title: String }
type Query { media: [Media!]! }
`;
const MEDIA_WITH_FILM = `${MEDIA}type Film implements Media @key(fields: "id") { id: ID! title: String }\n`;

interface Change {
  code: string;
  severity: string;
  coordinate: string;
  message: string;
}

describeOnDatabases('new implementations of an interface in schema checks', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports a new type implementing an existing interface as dangerous at the interface', async () => {
    const graph = uniqueGraphName('media');
    expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    const base = `/v1/graphs/${graph}/variants/prod`;
    const published = await t.call('POST', `${base}/subgraphs/catalog`, {
      body: { sdl: MEDIA, routingUrl: 'http://catalog/graphql' },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    const answer = await t.call('POST', `${base}/checks`, {
      body: { subgraph: 'catalog', sdl: MEDIA_WITH_FILM, failOn: 'dangerous' },
    });
    expect(answer.status).toBe(201);
    const check = answer.body.check as { passed: boolean; report: { changes: Change[] } };
    expect(
      check.report.changes.map(({ code, severity, coordinate }) => ({ code, severity, coordinate })),
    ).toEqual([
      { code: 'IMPLEMENTATION_ADDED', severity: 'dangerous', coordinate: 'Media' },
      { code: 'TYPE_ADDED', severity: 'safe', coordinate: 'Film' },
    ]);
    expect(check.report.changes[0]?.message).toBe(
      "Interface 'Media' has a new implementation: 'Film'; clients selecting it may not handle the new __typename",
    );
    // --fail-on dangerous fails on it, as it does on a new union member.
    expect(check.passed).toBe(false);
  });
});
