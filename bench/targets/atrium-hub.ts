// The hub as `npm run bench` measures it: static supergraph file, default policies (request logging on).
import { loadHubConfig } from '../../hub/config/load-hub-config.js';
import { startHub } from '../../hub/server.js';

const config = loadHubConfig({
  env: { ...process.env, NODE_ENV: 'production' },
  cwd: process.cwd(),
  overrides: {
    server: { port: Number(process.env.PORT ?? 0) },
    supergraph: { file: process.env.SUPERGRAPH_FILE ?? '' },
    lastKnownGood: { dir: process.env.LKG_DIR ?? '.atrium/bench-hub' },
  },
});
const hub = await startHub(config);
process.stdout.write(`READY ${hub.url}/graphql\n`);
process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
