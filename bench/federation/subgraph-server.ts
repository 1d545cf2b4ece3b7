/**
 * One benchmark subgraph on `node:http`: POST JSON in, JSON out. Its data never changes, so each distinct request
 * body is executed once and its answer kept (up to `MAX_ANSWERS` bodies): the subgraphs share the load
 * generator's core, and should cost as little there as the compiled subgraphs of the public benchmark do, so
 * what is measured is the gateway.
 */
import { createServer, type Server } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, validate } from 'graphql';
import { BENCH_RESOLVERS } from './resolvers.js';
import { BENCH_SUBGRAPH_SDL, type BenchSubgraphName } from './schemas.js';

const MAX_ANSWERS = 10_000;

export interface SubgraphCounters {
  /** Requests received. */
  requests: number;
  /** Requests executed (the others were answered from the kept answers). */
  executions: number;
}

export function createBenchSubgraph(name: BenchSubgraphName, counters: SubgraphCounters): Server {
  const schema = buildSubgraphSchema({
    typeDefs: parse(BENCH_SUBGRAPH_SDL[name]),
    resolvers: BENCH_RESOLVERS[name],
  });
  const answers = new Map<string, Promise<string>>();

  async function answer(text: string): Promise<string> {
    counters.executions += 1;
    const { query, variables, operationName } = JSON.parse(text) as {
      query: string;
      variables?: Record<string, unknown>;
      operationName?: string;
    };
    const document = parse(query);
    const errors = validate(schema, document);
    if (errors.length > 0) return JSON.stringify({ errors });
    return JSON.stringify(
      await execute({
        schema,
        document,
        variableValues: variables ?? null,
        operationName: operationName ?? null,
      }),
    );
  }

  const server = createServer({ keepAlive: true }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      counters.requests += 1;
      const text = Buffer.concat(chunks).toString('utf8');
      let body = answers.get(text);
      if (body === undefined) {
        body = answer(text);
        if (answers.size >= MAX_ANSWERS) answers.clear();
        answers.set(text, body);
      }
      body.then(
        (json) => {
          response.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(json),
          });
          response.end(json);
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
        },
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
