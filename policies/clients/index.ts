/**
 * `clients`: resolves the client record of each request (see README.md) and publishes it as the
 * `CLIENT_RECORD` request fact, for quotas (and the persisted-operations policy) to read. Phase `context`,
 * right after `auth` in the table, so the verified principal is known; it does not depend on `auth`: without it
 * every caller is anonymous and recognised by address. The hub's client records (`deps.clients`) are started
 * with the policy and hot-swapped: the index is rebuilt once per new set, never per request.
 */
import { definePolicy, type PolicyHooks, type PolicyInstance } from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import { CLIENT_RECORD } from '../contract/request-facts.js';
import { ClientIndex } from './client-index.js';
import { clientsOptions, type ClientsOptions } from './options.js';

export type { ClientsOptions, ClientsOptionsInput } from './options.js';

/** Labels longer than this are cut: they end up in logs. */
const LABEL_MAX = 128;

function label(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value.slice(0, LABEL_MAX);
}

export function createClients(
  options: ClientsOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'context'>> {
  const { facts, logger } = deps;
  let index = new ClientIndex(deps.clients.current());
  let unsubscribe: (() => void) | undefined;
  const { name, version } = options.labelHeaders;
  return {
    async start() {
      unsubscribe = deps.clients.onChange((set) => {
        try {
          index = new ClientIndex(set);
        } catch (error) {
          logger.error({ err: (error as Error).message }, 'client records not applied');
        }
      });
      await deps.clients.start();
      index = new ClientIndex(deps.clients.current());
    },
    stop() {
      unsubscribe?.();
      return Promise.resolve();
    },
    status: () => deps.clients.status(),
    context: ({ context, http }) => {
      const principal = context.principal;
      const client = index.resolve({
        authenticated: principal !== undefined,
        clientId: principal?.clientId,
        address: context.state.remoteAddress,
      });
      facts.publish(context.state, CLIENT_RECORD, {
        ...client,
        labels: { name: label(http.headers.get(name)), version: label(http.headers.get(version)) },
      });
    },
  };
}

export const clientsPolicy = definePolicy({
  name: 'clients',
  phase: 'context',
  options: clientsOptions,
  config: { enabledWith: ['quotas', 'persisted-operations'] },
  publishes: [CLIENT_RECORD],
  create: createClients,
});
