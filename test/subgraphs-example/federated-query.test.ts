import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare as prepareSupergraph } from '../helpers/prepared-supergraph.js';
import {
  startExampleSubgraphs,
  type StartedSubgraphs,
  type SubgraphRequestRecord,
} from '../../subgraphs-example/index.js';
import { composeExampleSupergraph } from '../helpers/compose-supergraph.js';

const QUERY = `{
  topProducts(first: 2) { upc name price shippingEstimate inStock reviews { body author { username name } } }
}`;

let subgraphs: StartedSubgraphs;
let server: ApolloServer;
const requests: SubgraphRequestRecord[] = [];

beforeAll(async () => {
  subgraphs = await startExampleSubgraphs({ onRequest: (record) => requests.push(record) });
  const { gatewaySdl } = prepareSupergraph(composeExampleSupergraph(subgraphs.urls).supergraphSdl);
  server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: gatewaySdl }) });
  await server.start();
});

afterAll(async () => {
  await server.stop();
  await subgraphs.close();
});

describe('a federated query through @apollo/gateway over the example subgraphs', () => {
  it('spans all four subgraphs and returns the deterministic data', async () => {
    requests.length = 0;
    const response = await server.executeOperation({ query: QUERY });
    expect(response.body.kind).toBe('single');
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    expect(result?.errors).toBeUndefined();
    expect(result?.data).toEqual({
      topProducts: [
        {
          upc: '1',
          name: 'Table',
          price: 500,
          shippingEstimate: 50,
          inStock: true,
          reviews: [
            { body: 'Love it!', author: { username: '@ada', name: 'Ada Lovelace' } },
            { body: 'Prefer something else.', author: { username: '@edsger', name: 'Edsger Dijkstra' } },
            { body: 'Would buy again.', author: { username: '@frances', name: 'Frances Allen' } },
          ],
        },
        {
          upc: '2',
          name: 'Couch',
          price: 650,
          shippingEstimate: 75,
          inStock: true,
          reviews: [
            { body: 'Too expensive.', author: { username: '@alan', name: 'Alan Turing' } },
            { body: 'Works as described.', author: { username: '@barbara', name: 'Barbara Liskov' } },
            { body: 'Love it!', author: { username: '@ken', name: 'Ken Thompson' } },
          ],
        },
      ],
    });
    expect(new Set(requests.map((request) => request.subgraph))).toEqual(
      new Set(['accounts', 'products', 'reviews', 'inventory']),
    );
    // `Review.author` @provides the username, so accounts is only asked for the name.
    const accountsQueries = requests
      .filter((request) => request.subgraph === 'accounts')
      .map((request) => request.query);
    expect(accountsQueries).toHaveLength(1);
    expect(accountsQueries[0]).toContain('name');
    expect(accountsQueries[0]).not.toContain('username');
  });
});
