// Requests a client gets wrong, or sends on purpose, over real HTTP: every one is a 4xx with `{ code, message }`
// from the catalogue, never a 500 or fastify's own error body.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry } from '../../registry/server.js';
import { fieldSubgraphSdl } from '../helpers/registry.js';

const ADMIN = 'atr_test_admin_token_0123456789abcdef';

interface RawAnswer {
  status: number;
  headers: string;
  body: Record<string, unknown>;
}

/** Sends `request` as it is over a TCP connection and reads the answer until the server closes it. */
function raw(url: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const body = rest.join('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      try {
        resolve({ status, headers: head, body: JSON.parse(body) as Record<string, unknown> });
      } catch {
        reject(new Error(`not a JSON answer: ${text}`));
      }
    });
  });
}

function get(path: string, headers = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: registry\r\nAuthorization: Bearer ${ADMIN}\r\n${headers}Connection: close\r\n\r\n`;
}

function post(path: string, body: string, contentType = 'application/json'): string {
  return (
    `POST ${path} HTTP/1.1\r\nHost: registry\r\nAuthorization: Bearer ${ADMIN}\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

function expectCatalogueBody(answer: RawAnswer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.code).toBe(code);
  expect(typeof answer.body.message).toBe('string');
  expect(answer.body).not.toHaveProperty('statusCode');
  expect(answer.body).not.toHaveProperty('error');
}

describe('malformed HTTP and fastify errors', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startRegistry({
      dataDir: 'memory://',
      adminToken: ADMIN,
      logger: false,
      bodyLimit: 4096,
    });
  });
  afterAll(async () => {
    await registry.close();
  });

  it('answers a path with broken percent-encoding with INVALID_INPUT', async () => {
    const answer = await raw(registry.url, get('/v1/graphs/%zz/variants/current/subgraphs'));
    expectCatalogueBody(answer, 400, 'INVALID_INPUT');
  });

  it('answers a path parameter longer than the router accepts with 414 URL_TOO_LONG', async () => {
    const answer = await raw(registry.url, get(`/v1/graphs/${'g'.repeat(500)}/variants/current/subgraphs`));
    expectCatalogueBody(answer, 414, 'URL_TOO_LONG');
  });

  it('answers bytes that are not HTTP with MALFORMED_REQUEST', async () => {
    const answer = await raw(registry.url, 'HELLO REGISTRY\r\n\r\n');
    expectCatalogueBody(answer, 400, 'MALFORMED_REQUEST');
  });

  it('answers headers over the size limit with 431 HEADERS_TOO_LARGE', async () => {
    const answer = await raw(registry.url, get('/health', `X-Padding: ${'p'.repeat(40_000)}\r\n`));
    expectCatalogueBody(answer, 431, 'HEADERS_TOO_LARGE');
  });

  it('answers body-parser errors with catalogue codes', async () => {
    expectCatalogueBody(await raw(registry.url, post('/v1/graphs', '{"name":')), 400, 'INVALID_INPUT');
    expectCatalogueBody(await raw(registry.url, post('/v1/graphs', '')), 400, 'INVALID_INPUT');
    expectCatalogueBody(
      await raw(registry.url, post('/v1/graphs', '{"__proto__":{"admin":true},"name":"x"}')),
      400,
      'INVALID_INPUT',
    );
    expectCatalogueBody(await raw(registry.url, post('/v1/graphs', 'name=x', ';;;')), 400, 'INVALID_INPUT');
    const tooLarge = await raw(registry.url, post('/v1/graphs', JSON.stringify({ name: 'x'.repeat(5000) })));
    expectCatalogueBody(tooLarge, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('hostile values', () => {
  let registry: RunningRegistry;
  const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const variant = '/v1/graphs/shop/variants/current';

  async function call(method: string, path: string, body?: unknown): Promise<RawAnswer> {
    const response = await fetch(registry.url + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, headers: '', body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    registry = await startRegistry({ dataDir: 'memory://', adminToken: ADMIN, logger: false });
    expect((await call('POST', '/v1/graphs', { name: 'shop' })).status).toBe(201);
    const published = await call('POST', `${variant}/subgraphs/users`, {
      sdl: fieldSubgraphSdl('me'),
      routingUrl: 'http://127.0.0.1:4001/graphql',
    });
    expect(published.status).toBe(201);
  });
  afterAll(async () => {
    await registry.close();
  });

  it('refuses NUL characters in an SDL and in a routing URL', async () => {
    const sdl = `${fieldSubgraphSdl('products')}# a comment with a NUL: \u0000\n`;
    const publishSdl = await call('POST', `${variant}/subgraphs/products`, {
      sdl,
      routingUrl: 'http://products/graphql',
    });
    expectCatalogueBody(publishSdl, 400, 'INVALID_SDL');
    const checkSdl = await call('POST', `${variant}/checks`, { subgraph: 'products', sdl });
    expectCatalogueBody(checkSdl, 400, 'INVALID_SDL');

    const publishUrl = await call('POST', `${variant}/subgraphs/products`, {
      sdl: fieldSubgraphSdl('products'),
      routingUrl: 'http://products/graph\u0000ql',
    });
    expectCatalogueBody(publishUrl, 400, 'INVALID_ROUTING_URL');
    const contact = await call('POST', `${variant}/subgraphs/products`, {
      sdl: fieldSubgraphSdl('products'),
      routingUrl: 'http://products/graphql',
      ownerContact: 'team\u0000chat',
    });
    expectCatalogueBody(contact, 400, 'INVALID_INPUT');
    const token = await call('POST', '/v1/tokens', { name: 'ci\u0000bot', role: 'reader' });
    expectCatalogueBody(token, 400, 'INVALID_INPUT');
  });

  it('refuses changelog dates PostgreSQL cannot hold', async () => {
    for (const since of ['-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z']) {
      const answer = await call('GET', `${variant}/changelog?since=${encodeURIComponent(since)}`);
      expectCatalogueBody(answer, 400, 'INVALID_INPUT');
    }
    const fine = await call(
      'GET',
      `${variant}/changelog?since=${encodeURIComponent('2020-01-01T00:00:00Z')}`,
    );
    expect(fine.status).toBe(200);
    expect((fine.body.versions as unknown[]).length).toBe(1);
  });

  it('refuses routing URLs with credentials, and link-local addresses by default', async () => {
    const publish = (routingUrl: string) =>
      call('POST', `${variant}/subgraphs/products`, { sdl: fieldSubgraphSdl('products'), routingUrl });
    const withCredentials = await publish('http://user:secret@products/graphql');
    expectCatalogueBody(withCredentials, 400, 'INVALID_ROUTING_URL');
    expect(JSON.stringify(withCredentials.body)).not.toContain('secret');
    expectCatalogueBody(await publish('http://user@products/graphql'), 400, 'INVALID_ROUTING_URL');
    const check = await call('POST', `${variant}/checks`, {
      subgraph: 'products',
      sdl: fieldSubgraphSdl('products'),
      routingUrl: 'https://user:secret@products/graphql',
    });
    expectCatalogueBody(check, 400, 'INVALID_ROUTING_URL');

    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/graphql',
      'http://[febf:ffff::1]:8080/graphql',
      'http://[::ffff:169.254.169.254]/graphql',
      'http://0xa9fea9fe/graphql', // 169.254.169.254 in hex, as WHATWG URL parsers read it
    ]) {
      const denied = await publish(url);
      expectCatalogueBody(denied, 400, 'ROUTING_URL_DENIED');
    }
    // Loopback stays allowed (the demo runs its subgraphs on 127.0.0.1), and so do hostnames.
    expect((await publish('http://127.0.0.1:4002/graphql')).status).toBe(201);
    const listed = await call('GET', `${variant}/subgraphs`);
    expect((listed.body.subgraphs as { routingUrl: string }[]).map((s) => s.routingUrl)).toEqual([
      'http://127.0.0.1:4002/graphql',
      'http://127.0.0.1:4001/graphql',
    ]);
  });

  it('takes the denied ranges from its configuration', async () => {
    const strict = await startRegistry({
      dataDir: 'memory://',
      adminToken: ADMIN,
      logger: false,
      routingUrlDeniedRanges: ['10.0.0.0/8', '127.0.0.0/8'],
    });
    try {
      const headersFor = { ...headers };
      await fetch(`${strict.url}/v1/graphs`, {
        method: 'POST',
        headers: headersFor,
        body: JSON.stringify({ name: 'shop' }),
      });
      const publish = async (routingUrl: string) => {
        const response = await fetch(`${strict.url}${variant}/subgraphs/users`, {
          method: 'POST',
          headers: headersFor,
          body: JSON.stringify({ sdl: fieldSubgraphSdl('me'), routingUrl }),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      expect((await publish('http://10.1.2.3/graphql')).body.code).toBe('ROUTING_URL_DENIED');
      expect((await publish('http://127.0.0.1/graphql')).body.code).toBe('ROUTING_URL_DENIED');
      // The configured list replaces the default one.
      expect((await publish('http://169.254.169.254/graphql')).status).toBe(201);
    } finally {
      await strict.close();
    }
  });
});
