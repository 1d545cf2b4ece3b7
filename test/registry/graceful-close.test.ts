import { Agent, request, type IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadRegistryConfig } from '../../registry/config.js';
import { startRegistry } from '../../registry/server.js';

const ADMIN_TOKEN = 'atr_graceful_close_admin_token';

/**
 * Starts `POST /v1/graphs` with half its body sent, so that the request is in flight (its headers read, its body
 * awaited) when the registry begins to close; `finish` sends the rest.
 */
async function halfSentCreate(
  url: string,
): Promise<{ response: Promise<IncomingMessage>; finish: () => void; error: Promise<Error> }> {
  const body = JSON.stringify({ name: 'drained' });
  const half = Math.floor(body.length / 2);
  const req = request(`${url}/v1/graphs`, {
    method: 'POST',
    agent: new Agent({ keepAlive: true }),
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    },
  });
  const response = new Promise<IncomingMessage>((resolve) => req.once('response', resolve));
  const error = new Promise<Error>((resolve) => req.once('error', resolve));
  req.write(body.slice(0, half));
  await new Promise((resolve) => req.once('socket', (socket) => socket.once('connect', resolve)));
  // Time for the registry to read the headers and start the request.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { response, error, finish: () => req.end(body.slice(half)) };
}

async function readAll(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) text += String(chunk);
  return text;
}

describe('registry close', () => {
  it('answers a request in flight, then closes its keep-alive connection instead of waiting 72 s for it', async () => {
    const registry = await startRegistry({ dataDir: 'memory://', adminToken: ADMIN_TOKEN, logger: false });
    const inFlight = await halfSentCreate(registry.url);
    const closed = registry.close();
    let closedYet = false;
    void closed.then(() => (closedYet = true));
    inFlight.finish();
    const response = await inFlight.response;
    expect(response.statusCode).toBe(201);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(await readAll(response))).toMatchObject({ graph: { name: 'drained' } });
    // Before the drain, this close waited for fastify's keep-alive timeout (72 s), far past the test timeout.
    await closed;
    expect(closedYet).toBe(true);
  }, 20_000);

  it('cuts a request still in flight after the shutdown timeout', async () => {
    const registry = await startRegistry({
      dataDir: 'memory://',
      adminToken: ADMIN_TOKEN,
      logger: false,
      shutdownTimeoutMs: 300,
    });
    const stuck = await halfSentCreate(registry.url);
    // The body never completes: the close cuts the connection once the 300 ms have passed.
    await registry.close();
    expect((await stuck.error).message).toMatch(/socket hang up|ECONNRESET/);
  }, 20_000);

  it('reads ATRIUM_SHUTDOWN_TIMEOUT_MS', () => {
    expect(loadRegistryConfig({ ATRIUM_SHUTDOWN_TIMEOUT_MS: '2500' }).shutdownTimeoutMs).toBe(2500);
    expect(loadRegistryConfig({ ATRIUM_SHUTDOWN_TIMEOUT_MS: '0' }).shutdownTimeoutMs).toBe(0);
    expect(() => loadRegistryConfig({ ATRIUM_SHUTDOWN_TIMEOUT_MS: '-1' })).toThrow();
  });
});
