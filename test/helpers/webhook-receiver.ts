/**
 * A real webhook receiver on an ephemeral 127.0.0.1 port: it records every request (headers and the exact body)
 * and answers with what `respond` says for the n-th request (default 200); `'hang'` reads the request and never
 * answers. `close()` ends every connection.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { waitFor } from './wait.js';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Answer = number | 'hang';

export interface WebhookReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Requests whose `atrium-event` header is this type. */
  ofType(type: string): ReceivedRequest[];
  /** Waits until `count` requests of the type (or of any type) arrived; returns them. */
  waitForRequests(count: number, type?: string): Promise<ReceivedRequest[]>;
  respond(plan: (request: ReceivedRequest, index: number) => Answer): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let plan: (request: ReceivedRequest, index: number) => Answer = () => 200;
  const server = createServer((request, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = {
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const answer = plan(received, requests.length - 1);
      if (answer === 'hang') return;
      response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'not ok');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const ofType = (type: string) => requests.filter((request) => request.headers['atrium-event'] === type);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    ofType,
    respond(next) {
      plan = next;
    },
    waitForRequests(count, type) {
      return waitFor(
        () => {
          const matching = type === undefined ? requests : ofType(type);
          return matching.length >= count ? matching : undefined;
        },
        { what: `${count} webhook request(s)${type ? ` of type ${type}` : ''}` },
      );
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The receiver's signature check as docs/webhooks.md shows it, written apart from the registry's code so that a
 * test of the two together can fail: `t=<unix>,v1=<hex>`, the HMAC-SHA256 of `<t>.<body>`, within 5 minutes.
 */
export function receiverVerifies(secret: string, request: ReceivedRequest, nowSeconds: number): boolean {
  const header = String(request.headers['atrium-signature'] ?? '');
  const fields = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(fields.get('t'));
  const v1 = fields.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
