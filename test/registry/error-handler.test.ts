import { connect, createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  createClientErrorHandler,
  createErrorHandler,
  handleNotFound,
} from '../../registry/error-handler.js';
import { RegistryErrors } from '../../registry/errors.js';

function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ redact: ['req.headers.authorization'] }, stream), lines };
}

describe('registry error handler', () => {
  it('sends catalogue errors as { code, message, ...details } and masks unexpected ones', async () => {
    const { logger, lines } = capturingLogger();
    const app = Fastify({ bodyLimit: 10 });
    app.setErrorHandler(createErrorHandler(10, logger));
    app.setNotFoundHandler(handleNotFound);
    app.get('/known', () => Promise.reject(RegistryErrors.GRAPH_EXISTS.create({ graph: 'shop' })));
    app.get('/unexpected', () => Promise.reject(new Error('database password is hunter2')));
    app.post('/echo', (request) => Promise.resolve(request.body));
    try {
      const known = await app.inject({ url: '/known' });
      expect(known.statusCode).toBe(409);
      expect(known.json()).toEqual({
        code: 'GRAPH_EXISTS',
        message: 'Graph "shop" already exists',
        graph: 'shop',
      });

      const unexpected = await app.inject({ url: '/unexpected' });
      expect(unexpected.statusCode).toBe(500);
      expect(unexpected.json()).toEqual({ code: 'INTERNAL', message: 'Internal server error' });
      expect(lines.join('')).toContain('hunter2');

      const tooLarge = await app.inject({ method: 'POST', url: '/echo', payload: { much: 'x'.repeat(100) } });
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json()).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body is larger than 10 bytes',
        limit: 10,
      });

      const missing = await app.inject({ url: '/nowhere?x=1' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', method: 'GET', url: '/nowhere' });
    } finally {
      await app.close();
    }
  });

  it('answers a request that was not received in time with 408 REQUEST_TIMEOUT and closes the connection', async () => {
    // Node raises ERR_HTTP_REQUEST_TIMEOUT after `requestTimeout` (5 minutes); the handler is driven directly here.
    const handle = createClientErrorHandler(undefined);
    const server = createServer((socket) => {
      socket.on('error', () => undefined); // destroy(error) re-emits it; Node's HTTP server listens too
      handle(Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('error', reject);
        socket.on('close', () => resolve(text));
      });
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(JSON.parse(body)).toEqual({
        code: 'REQUEST_TIMEOUT',
        message: 'The request was not received in time',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
