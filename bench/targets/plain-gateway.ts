// Baseline for `npm run bench`: plain @apollo/gateway + @apollo/server's standalone server, nothing else.
// It loads the same supergraph the hub gets, with the security/cost specs stripped (plain gateway refuses them).
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { directivesOf } from '../../hub/pipeline/table-declarations.js';
import { policyTable } from '../../hub/pipeline/table.js';
import { prepareSupergraph } from '../../hub/supergraph/prepare-supergraph.js';

const supergraphSdl = prepareSupergraph(
  readFileSync(process.env.SUPERGRAPH_FILE ?? '', 'utf8'),
  directivesOf(policyTable),
).gatewaySdl;
const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
const { url } = await startStandaloneServer(server, {
  listen: { host: '127.0.0.1', port: Number(process.env.PORT ?? 0) },
});
process.stdout.write(`READY ${url.replace(/\/$/, '')}/\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
