export { RegistryClient, type RegistryClientOptions } from './registry-client.js';
export { RegistryApiError, RegistryUnreachableError } from './registry-errors.js';
export {
  DEFAULT_VARIANT,
  InvalidGraphRefError,
  formatGraphRef,
  parseGraphRef,
  type GraphRef,
} from './graph-ref.js';
export type * from './types.js';
export { ensureRegistryOk, exchangeWithRegistry, type RegistryCall } from './registry-exchange.js';
