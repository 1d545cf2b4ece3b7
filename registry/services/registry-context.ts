import type { Logger } from 'pino';
import { DEFAULT_APPROVAL_TTL_SECONDS } from '../config.js';
import type { Database } from '../storage/database.js';
import { Composer } from './composition.js';
import { KeyedMutex } from './keyed-mutex.js';

/** What every service needs: the database, the in-process locks and the composition caches of this registry. */
export interface RegistryContext {
  readonly db: Database;
  readonly variantLocks: KeyedMutex;
  readonly logger: Logger | undefined;
  readonly composer: Composer;
  /** How long a check approval applies. */
  readonly approvalTtlSeconds: number;
}

export function createRegistryContext(
  db: Database,
  logger?: Logger,
  settings: { approvalTtlSeconds?: number | undefined } = {},
): RegistryContext {
  return {
    db,
    variantLocks: new KeyedMutex(),
    logger,
    composer: new Composer(),
    approvalTtlSeconds: settings.approvalTtlSeconds ?? DEFAULT_APPROVAL_TTL_SECONDS,
  };
}
