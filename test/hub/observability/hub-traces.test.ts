/**
 * Traces from the real hub, exported over OTLP/HTTP (JSON) to a real HTTP server in this test that decodes
 * what it receives: the span tree of a request (request, parse, validate, policy phases, planning, one span
 * per subgraph fetch) and the W3C `traceparent` the subgraphs received.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startAuthStack, type AuthStack } from '../../helpers/hub.js';
import { waitFor } from '../../helpers/wait.js';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean | undefined>;
  status?: { code?: number };
  service: string | undefined;
}

interface OtlpReceiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  readonly contentTypes: string[];
  close(): Promise<void>;
}

function valueOf(value: OtlpValue): string | number | boolean | undefined {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.boolValue;
}

function attributesOf(list: { key: string; value: OtlpValue }[] = []) {
  return Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));
}

/** A minimal OTLP/HTTP traces receiver: decodes the JSON encoding of ExportTraceServiceRequest. */
async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      contentTypes.push(req.headers['content-type'] ?? '');
      if (req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: {
          resource?: { attributes?: { key: string; value: OtlpValue }[] };
          scopeSpans: { spans: (Omit<ReceivedSpan, 'attributes' | 'service'> & { attributes?: [] })[] }[];
        }[];
      };
      for (const resourceSpans of body.resourceSpans) {
        const service = attributesOf(resourceSpans.resource?.attributes)['service.name'];
        for (const scope of resourceSpans.scopeSpans) {
          for (const span of scope.spans) {
            spans.push({
              ...span,
              attributes: attributesOf(span.attributes),
              service: typeof service === 'string' ? service : undefined,
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    contentTypes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';
const QUERY = 'query TopProducts { topProducts(first: 2) { name reviews { body } } }';

async function traceOf(receiver: OtlpReceiver, requestId: string): Promise<ReceivedSpan[]> {
  const root = await waitFor(
    () => receiver.spans.find((span) => span.attributes['atrium.request_id'] === requestId),
    { what: 'the request span at the OTLP receiver' },
  );
  // Children end before their parent: once the root is in, the batch that carried it had them too.
  return receiver.spans.filter((span) => span.traceId === root.traceId);
}

describe('traces at an OTLP receiver', () => {
  let receiver: OtlpReceiver;
  let always: AuthStack;
  let proxied: AuthStack;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const tracing = { enabled: true, endpoint: receiver.url, samplingRatio: 1 };
    always = await startAuthStack(
      { tracing: { ...tracing, acceptTraceparent: 'always' } },
      { logger: silentLogger() },
    );
    // The default trust: only from `server.trustedProxies` (none here).
    proxied = await startAuthStack({ tracing }, { logger: silentLogger() });
  });

  afterAll(async () => {
    await always?.close();
    await proxied?.close();
    await receiver?.close();
  });

  it("continues a client's trace, with the span tree of the request, and sends traceparent to each subgraph", async () => {
    always.clearRequests();
    const result = await always.query(QUERY, {
      headers: { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` },
    });
    expect(result.status).toBe(200);
    const requestId = result.headers.get('x-request-id')!;
    const spans = await traceOf(receiver, requestId);
    expect(receiver.contentTypes[0]).toMatch(/^application\/json/);

    const root = spans.find((span) => span.name === 'graphql request')!;
    expect(root.traceId).toBe(CLIENT_TRACE);
    expect(root.parentSpanId).toBe(CLIENT_SPAN);
    expect(root.service).toBe('atrium-hub');
    expect(root.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'TopProducts',
      'atrium.outcome': 'success',
    });

    const children = spans.filter((span) => span.parentSpanId === root.spanId).map((span) => span.name);
    expect(children).toEqual(
      expect.arrayContaining([
        'graphql.parse',
        'graphql.validate',
        'graphql.plan',
        'atrium.policies.context',
        'atrium.policies.operation',
        'atrium.policies.response',
        'subgraph products',
        'subgraph reviews',
      ]),
    );

    const fetches = spans.filter((span) => span.name.startsWith('subgraph '));
    expect(fetches.map((span) => span.attributes['atrium.subgraph.name']).sort()).toEqual([
      'products',
      'reviews',
    ]);
    for (const fetch of fetches) {
      expect(fetch.kind).toBe(3); // SPAN_KIND_CLIENT
      expect(fetch.attributes['http.response.status_code']).toBe(200);
    }

    // Each subgraph was asked with the trace id, its parent being the hub's span of that fetch.
    for (const name of ['products', 'reviews']) {
      const sent = always.requests.find((request) => request.subgraph === name)?.headers['traceparent'];
      const fetch = fetches.find((span) => span.attributes['atrium.subgraph.name'] === name)!;
      expect(sent).toBe(`00-${CLIENT_TRACE}-${fetch.spanId}-01`);
    }
  });

  it("starts its own trace when the client's traceparent is not trusted, and still propagates it", async () => {
    proxied.clearRequests();
    const result = await proxied.query(QUERY, {
      headers: { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` },
    });
    const spans = await traceOf(receiver, result.headers.get('x-request-id')!);
    const root = spans.find((span) => span.name === 'graphql request')!;
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.traceId).not.toBe(CLIENT_TRACE);
    expect(root.parentSpanId ?? '').toBe('');
    const sent = proxied.requests.find((request) => request.subgraph === 'products')?.headers['traceparent'];
    expect(sent).toMatch(new RegExp(`^00-${root.traceId}-[0-9a-f]{16}-01$`));
  });

  it('marks a refused request with the policy that refused it', async () => {
    const deep = `{ ${'topProducts { reviews { author { reviews { author { '.repeat(5)} name ${'} } } } }'.repeat(5)} }`;
    const result = await always.query(deep);
    expect(result.status).toBe(400);
    const spans = await traceOf(receiver, result.headers.get('x-request-id')!);
    const root = spans.find((span) => span.name === 'graphql request')!;
    expect(root.attributes).toMatchObject({
      'atrium.outcome': 'refused',
      'atrium.refused_by': 'limits',
      'atrium.refusal_code': 'MAX_DEPTH_EXCEEDED',
    });
    const context = spans.find((span) => span.name === 'atrium.policies.context')!;
    expect(context.status?.code).toBe(2); // STATUS_CODE_ERROR
    expect(spans.some((span) => span.name.startsWith('subgraph '))).toBe(false);
  });
});

describe('sampling', () => {
  it('records no span of an unsampled trace (samplingRatio 0), yet tells subgraphs the trace id, unsampled', async () => {
    const receiver = await startOtlpReceiver();
    const stack = await startAuthStack(
      { tracing: { enabled: true, endpoint: receiver.url, samplingRatio: 0 } },
      { logger: silentLogger() },
    );
    try {
      const result = await stack.query(QUERY);
      expect(result.status).toBe(200);
      const sent = stack.requests.find((request) => request.subgraph === 'products')?.headers['traceparent'];
      expect(sent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    } finally {
      await stack.close(); // flushes whatever was recorded
      await receiver.close();
    }
    expect(receiver.spans).toEqual([]);
  });
});
