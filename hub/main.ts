/**
 * `runHub`: the hub as a process (what `atrium hub start` calls). Starts the hub, then shuts it down
 * gracefully on SIGTERM or SIGINT; a second signal while draining exits at once. Resolves once stopped.
 */
import { pino, type Logger } from 'pino';
import type { HubConfig } from './config/hub-config.js';
import { startHub } from './server.js';

export interface RunHubDeps {
  readonly logger?: Logger;
}

export async function runHub(config: HubConfig, deps: RunHubDeps = {}): Promise<void> {
  const logger = deps.logger ?? pino({ level: config.logLevel });
  const hub = await startHub(config, { logger });
  logger.info({ graphql: `${hub.url}${config.server.graphqlPath}`, ready: hub.ready() }, 'hub listening');

  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        logger.warn({ signal }, 'second signal while shutting down; exiting now');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down');
      hub
        .close()
        .catch((error: unknown) => logger.error({ err: error }, 'error while shutting down'))
        .finally(() => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          resolve();
        });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
