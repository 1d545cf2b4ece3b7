/**
 * How the hub sends a query plan's fetches to subgraphs: `node:http`/`node:https` with keep-alive agents.
 *
 * @apollo/gateway's default fetcher (make-fetch-happen) is built for npm's registry traffic: proxy detection,
 * an HTTP cache and an agent that inspects a stack trace on every request to tell HTTP from HTTPS. For many
 * small POSTs to a few known subgraphs that is most of the gateway's per-fetch cost (see bench/README.md).
 * This fetcher does only what the gateway needs: one request, the whole body (up to a limit), status and
 * headers, under one deadline.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { startDeadline } from '../../lib/deadline.js';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

const agentOptions = { keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 512, scheduling: 'lifo' } as const;
const httpAgent = new HttpAgent(agentOptions);
const httpsAgent = new HttpsAgent(agentOptions);

/** The answer was larger than `maxResponseBytes` (declared in `content-length`, or counted while reading). */
export class SubgraphResponseTooLargeError extends Error {
  override readonly name = 'SubgraphResponseTooLargeError';

  constructor(readonly limitBytes: number) {
    super(`the answer exceeds ${limitBytes} bytes`);
  }
}

export interface SubgraphFetchOptions {
  /** The whole exchange must be over within this long. */
  readonly timeoutMs: number;
  /** At most this many body bytes are read; past it the socket is destroyed. */
  readonly maxResponseBytes: number;
}

/**
 * A fetcher whose requests fail when the whole answer has not arrived within `timeoutMs`, or when it is larger
 * than `maxResponseBytes`: refused on its `content-length`, else as soon as the bytes received exceed it, so
 * the hub never buffers more than the limit.
 */
export function createSubgraphFetch(options: SubgraphFetchOptions): Fetcher {
  return (url, init) => send(url, init, options);
}

function send(
  url: string,
  init: Parameters<Fetcher>[1],
  { timeoutMs, maxResponseBytes }: SubgraphFetchOptions,
): Promise<FetcherResponse> {
  return new Promise<FetcherResponse>((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const request = send(
      target,
      {
        method: init?.method ?? 'GET',
        headers: init?.headers ?? {},
        agent: secure ? httpsAgent : httpAgent,
      },
      (response) => {
        // Settled here and now: the rest of the body may already be buffered and end the response first.
        const tooLarge = () => {
          reject(new SubgraphResponseTooLargeError(maxResponseBytes));
          request.destroy();
        };
        if (Number(response.headers['content-length'] ?? 0) > maxResponseBytes) {
          tooLarge();
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxResponseBytes) tooLarge();
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => resolve(new SubgraphResponse(url, response, Buffer.concat(chunks))));
      },
    );
    // One deadline for the whole exchange (connect, send, the complete answer), not per socket read.
    const deadline = startDeadline(timeoutMs);
    deadline.signal.addEventListener('abort', () => request.destroy(deadline.signal.reason as Error), {
      once: true,
    });
    request.on('close', deadline.clear);
    request.on('error', reject);
    request.end(init?.body);
  });
}

class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  bodyUsed = false;

  constructor(
    readonly url: string,
    message: IncomingMessage,
    private readonly body: Buffer,
  ) {
    this.status = message.statusCode ?? 0;
    this.statusText = message.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new Headers();
    const raw = message.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) this.headers.append(raw[i] ?? '', raw[i + 1] ?? '');
  }

  text(): Promise<string> {
    this.bodyUsed = true;
    return Promise.resolve(this.body.toString('utf8'));
  }

  json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    const { buffer, byteOffset, byteLength } = this.body;
    return Promise.resolve(buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
  }

  clone(): FetcherResponse {
    return Object.assign(Object.create(SubgraphResponse.prototype) as SubgraphResponse, this, {
      bodyUsed: false,
    });
  }
}
