/** The only place the hub reads environment variables. */
import { isPlainObject, mergeLayers, namesRegistrySource, type ConfigLayer } from './config-layers.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export function isProduction(env: Environment): boolean {
  return env['NODE_ENV'] === 'production';
}

/**
 * `ATRIUM_METRICS_HOST` and `ATRIUM_METRICS_PORT` fill in the metrics listener (`metricsLayer`).
 * `ATRIUM_IDENTITY_SECRET` fills in `identityForwarding.secret`. `ATRIUM_REGISTRY_URL` and `ATRIUM_TOKEN` fill in the registry source, but only when a lower or higher layer
 * chose the registry as source: they never turn a file-based hub into a registry-polling one.
 */
export function environmentLayer(env: Environment, otherLayers: readonly ConfigLayer[]): ConfigLayer {
  const identitySecret = env['ATRIUM_IDENTITY_SECRET'];
  const usageToken = env['ATRIUM_USAGE_TOKEN'];
  const identity: ConfigLayer = mergeLayers(
    mergeLayers(
      identitySecret ? { identityForwarding: { secret: identitySecret } } : {},
      redisLayer(env['REDIS_URL'], otherLayers),
    ),
    // `ATRIUM_USAGE_TOKEN` fills in `usage.token` only when a layer configures `usage`: it never turns it on.
    usageToken && otherLayers.some((layer) => layer['usage'] !== undefined)
      ? { usage: { token: usageToken } }
      : {},
  );
  const withMetrics = mergeLayers(identity, metricsLayer(env));
  if (!otherLayers.some(namesRegistrySource)) return withMetrics;
  const registry: ConfigLayer = {};
  const url = env['ATRIUM_REGISTRY_URL'];
  const token = env['ATRIUM_TOKEN'];
  if (url) registry['url'] = url;
  if (token) registry['token'] = token;
  return Object.keys(registry).length > 0 ? { ...withMetrics, supergraph: { registry } } : withMetrics;
}

/**
 * `ATRIUM_METRICS_HOST` / `ATRIUM_METRICS_PORT` fill in `metrics.host` / `metrics.port` (the metrics listener of
 * its own, in production): in a container, `ATRIUM_METRICS_HOST=0.0.0.0` lets Prometheus reach it.
 */
function metricsLayer(env: Environment): ConfigLayer {
  const host = env['ATRIUM_METRICS_HOST'];
  const port = env['ATRIUM_METRICS_PORT'];
  const metrics: ConfigLayer = {};
  if (host) metrics['host'] = host;
  if (port) metrics['port'] = /^\d+$/.test(port) ? Number(port) : port;
  return Object.keys(metrics).length > 0 ? { metrics } : {};
}

function quotasOf(layer: ConfigLayer): { key: 'quotas' | 'policies'; store: unknown } | undefined {
  const top = layer['quotas'];
  if (isPlainObject(top)) return { key: 'quotas', store: top['store'] };
  const policies = layer['policies'];
  const quotas = isPlainObject(policies) ? policies['quotas'] : undefined;
  if (isPlainObject(quotas)) return { key: 'policies', store: quotas['store'] };
  return undefined;
}

/**
 * `REDIS_URL` turns the quotas on with their Redis store (`quotas.store: { kind: redis, url }`), unless another
 * layer sets `quotas.store` itself or turns the quotas off. Written where the other layers configure the
 * policy (`quotas` or `policies.quotas`), so it never conflicts with them.
 */
function redisLayer(url: string | undefined, otherLayers: readonly ConfigLayer[]): ConfigLayer {
  if (!url) return {};
  const configured = otherLayers.map(quotasOf).filter((entry) => entry !== undefined);
  if (configured.some((entry) => entry.store !== undefined)) return {};
  const store = { store: { kind: 'redis', url } };
  return configured.some((entry) => entry.key === 'policies')
    ? { policies: { quotas: store } }
    : { quotas: store };
}
