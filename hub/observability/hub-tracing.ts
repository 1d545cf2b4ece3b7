/**
 * The hub's OpenTelemetry traces: a tracer provider of the hub's own (never registered globally, so two hubs
 * in one process, or the gateway's own instrumentation, do not mix), a ratio sampler that follows a trusted
 * parent's decision, and a batch exporter posting OTLP/JSON to `tracing.endpoint`.
 *
 * Spans are parented explicitly (each request's context is held by its observation), so no async context
 * manager runs on the hot path. W3C `traceparent` is read from clients as `tracing.acceptTraceparent` says, and
 * written on every subgraph request.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { IncomingHttpHeaders } from 'node:http';
import type { TracingConfig } from '../config/observability-schema.js';

type EnabledTracing = Extract<TracingConfig, { enabled: true }>;

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

const recordSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

export interface HubTracing {
  /**
   * The span of one request, continuing the client's trace when its `traceparent` is trusted (`trusted`: the
   * peer is one of `server.trustedProxies`).
   */
  startRequest(headers: IncomingHttpHeaders, trustedPeer: boolean, attributes: Attributes): Span;
  /** A child of `parent`, started now. */
  startChild(name: string, parent: Span, attributes?: Attributes, kind?: SpanKind): Span;
  /** The `traceparent` header value naming `span` as the parent. */
  traceparentOf(span: Span): string | undefined;
  /** Exports what is left and stops. */
  shutdown(): Promise<void>;
}

export function createHubTracing(config: EnabledTracing, version: string): HubTracing {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName, 'service.version': version }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.samplingRatio) }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({
          url: config.endpoint,
          headers: { ...config.headers },
          timeoutMillis: config.exportTimeoutMs,
        }),
        { scheduledDelayMillis: 1_000, exportTimeoutMillis: config.exportTimeoutMs },
      ),
    ],
  });
  const tracer = provider.getTracer('atrium-hub', version);
  const propagator = new W3CTraceContextPropagator();
  const trust = config.acceptTraceparent;

  function parentContext(headers: IncomingHttpHeaders, trustedPeer: boolean): Context {
    if (trust === 'off' || (trust === 'trusted-proxies' && !trustedPeer)) return ROOT_CONTEXT;
    if (headers['traceparent'] === undefined) return ROOT_CONTEXT;
    return propagator.extract(ROOT_CONTEXT, headers, headerGetter);
  }

  return {
    startRequest(headers, trustedPeer, attributes) {
      return tracer.startSpan(
        'graphql request',
        { kind: SpanKind.SERVER, attributes },
        parentContext(headers, trustedPeer),
      );
    },
    startChild(name, parent, attributes, kind = SpanKind.INTERNAL) {
      return tracer.startSpan(
        name,
        { kind, ...(attributes && { attributes }) },
        trace.setSpan(ROOT_CONTEXT, parent),
      );
    },
    traceparentOf(span) {
      const carrier: Record<string, string> = {};
      propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, recordSetter);
      return carrier['traceparent'];
    },
    shutdown: () => provider.shutdown(),
  };
}
