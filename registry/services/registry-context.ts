import type { Logger } from 'pino';
import type { Database } from '../storage/database.js';
import { KeyedMutex } from './keyed-mutex.js';

/** What every service needs: the database and the in-process locks of this registry instance. */
export interface RegistryContext {
  readonly db: Database;
  readonly variantLocks: KeyedMutex;
  readonly logger: Logger | undefined;
}

export function createRegistryContext(db: Database, logger?: Logger): RegistryContext {
  return { db, variantLocks: new KeyedMutex(), logger };
}
