/** The only place the hub reads environment variables. */
import { namesRegistrySource, type ConfigLayer } from './config-layers.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export function isProduction(env: Environment): boolean {
  return env['NODE_ENV'] === 'production';
}

/**
 * `ATRIUM_IDENTITY_SECRET` fills in `identityForwarding.secret`. `ATRIUM_REGISTRY_URL` and `ATRIUM_TOKEN` fill in the registry source, but only when a lower or higher layer
 * chose the registry as source: they never turn a file-based hub into a registry-polling one.
 */
export function environmentLayer(env: Environment, otherLayers: readonly ConfigLayer[]): ConfigLayer {
  const identitySecret = env['ATRIUM_IDENTITY_SECRET'];
  const identity: ConfigLayer = identitySecret ? { identityForwarding: { secret: identitySecret } } : {};
  // `ATRIUM_USAGE_TOKEN` fills in `usage.token` only when a layer configures `usage`: it never turns it on.
  const usageToken = env['ATRIUM_USAGE_TOKEN'];
  if (usageToken && otherLayers.some((layer) => layer['usage'] !== undefined))
    identity['usage'] = { token: usageToken };
  if (!otherLayers.some(namesRegistrySource)) return identity;
  const registry: ConfigLayer = {};
  const url = env['ATRIUM_REGISTRY_URL'];
  const token = env['ATRIUM_TOKEN'];
  if (url) registry['url'] = url;
  if (token) registry['token'] = token;
  return Object.keys(registry).length > 0 ? { ...identity, supergraph: { registry } } : identity;
}
