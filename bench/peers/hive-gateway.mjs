// Hive Gateway (@graphql-hive/gateway-runtime) as `npm run bench` measures it, the strongest JavaScript peer of
// the hub: the supergraph file in SUPERGRAPH_FILE (security specs stripped by the bench), logging off, its
// in-flight deduplication of inbound requests on (the hub deduplicates too). Prints `READY <url>`. HIVE_LOG=debug
// turns its logging on (to see why it fails, e.g. a transport package missing). HIVE_ROUTER_RUNTIME=1 runs it
// with Hive Router's Rust query planner and executor (@graphql-hive/router-runtime, a native addon shipped inside
// the npm package): the `hive-rust` side.
// Plain JavaScript in its own package (bench/peers), so the root install, tsc and lint never need it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const routerRuntime =
  process.env.HIVE_ROUTER_RUNTIME === '1' ? await import('@graphql-hive/router-runtime') : null;

const gateway = createGatewayRuntime({
  supergraph: readFileSync(process.env.SUPERGRAPH_FILE ?? '', 'utf8'),
  logging: process.env.HIVE_LOG ?? false,
  landingPage: false,
  graphiql: false,
  inboundInflightRequestDeduplication: true,
  ...(routerRuntime ? { unifiedGraphHandler: routerRuntime.unifiedGraphHandler } : {}),
});
const server = createServer(gateway);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `READY http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql\n`,
  );
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  void gateway.dispose().then(() => process.exit(0));
});
