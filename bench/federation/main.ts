/**
 * Starts the four benchmark subgraphs on 127.0.0.1, ports from `<NAME>_PORT` (default 0: any free port), and
 * prints `READY <name>=<url>,…` for bench/federation/run.ts. On SIGTERM it writes how many requests each
 * received, and how many it executed, to stderr.
 */
import type { AddressInfo } from 'node:net';
import { BENCH_SUBGRAPH_NAMES } from './schemas.js';
import { createBenchSubgraph, type SubgraphCounters } from './subgraph-server.js';

const counters: Record<string, SubgraphCounters> = {};
const urls: string[] = [];
const servers = await Promise.all(
  BENCH_SUBGRAPH_NAMES.map(async (name) => {
    const server = createBenchSubgraph(name, (counters[name] = { requests: 0, executions: 0 }));
    const port = Number(process.env[`${name.toUpperCase()}_PORT`] ?? 0);
    await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
    urls.push(`${name}=http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    return server;
  }),
);
process.stdout.write(`READY ${urls.join(',')}\n`);
process.once('SIGTERM', () => {
  process.stderr.write(`bench subgraphs: ${JSON.stringify(counters)}\n`);
  for (const server of servers) server.closeAllConnections();
  process.exit(0);
});
