/**
 * `metrics` and `tracing`: how the hub is observed (docs/operations.md, docs/metrics.md).
 *
 * Metrics are on by default. Outside production `GET /metrics` is answered on the GraphQL listener; in
 * production (`NODE_ENV=production`) on a listener of its own, `127.0.0.1:9464` by default, so the public port
 * never shows them unless `metrics.listen: graphql` says so.
 *
 * Traces are off by default: `tracing.enabled: true` with an OTLP/HTTP `endpoint` turns them on.
 */
import { z } from 'zod';

export const DEFAULT_METRICS_PORT = 9464;

export interface MetricsConfig {
  readonly enabled: boolean;
  readonly path: string;
  /** On the GraphQL listener, or on one of its own. */
  readonly listener:
    | { readonly kind: 'graphql' }
    | { readonly kind: 'separate'; readonly host: string; readonly port: number };
  /** Operation names that are label values besides the registered operations' (docs/metrics.md). */
  readonly operationNames: readonly string[];
}

/** Whose W3C `traceparent` the hub continues: nobody's, its trusted proxies' (`server.trustedProxies`), anyone's. */
export type TraceparentTrust = 'off' | 'trusted-proxies' | 'always';

export type TracingConfig =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      /** OTLP/HTTP traces endpoint, e.g. `http://collector:4318/v1/traces`. */
      readonly endpoint: string;
      /** Sent with each export (an API key of the collector): never logged. */
      readonly headers: Readonly<Record<string, string>>;
      /** Of the traces the hub starts, the share it records (a client's sampled flag is followed when trusted). */
      readonly samplingRatio: number;
      readonly serviceName: string;
      readonly acceptTraceparent: TraceparentTrust;
      readonly exportTimeoutMs: number;
    };

export function metricsSchema(production: boolean) {
  return z
    .strictObject({
      enabled: z.boolean().default(true),
      path: z
        .string()
        .regex(/^\/[^?#]*$/, 'must be a path starting with "/"')
        .default('/metrics'),
      listen: z.enum(['graphql', 'separate']).default(production ? 'separate' : 'graphql'),
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(DEFAULT_METRICS_PORT),
      operationNames: z.array(z.string().min(1).max(256)).max(1_000).default([]),
    })
    .prefault({})
    .transform(({ enabled, path, listen, host, port, operationNames }): MetricsConfig => ({
      enabled,
      path,
      listener: listen === 'graphql' ? { kind: 'graphql' } : { kind: 'separate', host, port },
      operationNames,
    }));
}

export const tracingSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    headers: z.record(z.string(), z.string()).default({}),
    samplingRatio: z.number().min(0).max(1).default(1),
    serviceName: z.string().min(1).default('atrium-hub'),
    acceptTraceparent: z.enum(['off', 'trusted-proxies', 'always']).default('trusted-proxies'),
    exportTimeoutMs: z.number().int().positive().default(10_000),
  })
  .prefault({})
  .transform(({ enabled, endpoint, ...rest }, ctx): TracingConfig => {
    if (!enabled) return { enabled: false };
    if (endpoint === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: endpoint,
        path: ['endpoint'],
        message:
          'required when tracing is enabled: the OTLP/HTTP traces URL (http://collector:4318/v1/traces)',
      });
      return z.NEVER;
    }
    return { enabled: true, endpoint, ...rest };
  });
