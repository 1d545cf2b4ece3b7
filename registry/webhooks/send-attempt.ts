/**
 * One delivery attempt: a signed POST of the stored body, under one deadline (lib/deadline.ts) that covers
 * connecting, the answer's head and its body, so a receiver that accepts and never answers fails the attempt
 * with a timeout. Node's `http.request` rather than `fetch`, for its `lookup` hook: the target policy checks the
 * addresses a host name resolves to, and the socket connects to one of those. Redirects are not followed.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { DeadlineExceededError, startDeadline } from '../../lib/deadline.js';
import { signatureHeader, SIGNATURE_HEADER } from './signature.js';
import { TargetDeniedError, type WebhookTargetPolicy } from './target-policy.js';

/** At most this much of an answer is read (and thrown away): receivers should answer quickly and briefly. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface AttemptRequest {
  readonly url: string;
  readonly body: string;
  readonly secret: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly deliveryId: string;
  readonly attempt: number;
  readonly timeoutMs: number;
  /** Aborts the attempt early (the registry stopping). */
  readonly stop?: AbortSignal | undefined;
}

export interface AttemptResult {
  readonly status: number | null;
  /** Why there is no status, or a short note on the answer; never the secret. */
  readonly error: string | null;
  /** Whether a failure without a status is worth retrying (not for refused targets, nor when stopping). */
  readonly retryable: boolean;
  readonly stopped: boolean;
  readonly durationMs: number;
}

export async function sendAttempt(
  policy: WebhookTargetPolicy,
  input: AttemptRequest,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): Promise<AttemptResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const refused = policy.checkUrl(input.url);
  if (refused)
    return {
      status: null,
      error: `target refused: ${refused}`,
      retryable: false,
      stopped: false,
      durationMs: 0,
    };
  const deadline = startDeadline(input.timeoutMs, { parent: input.stop });
  try {
    const status = await post(policy, input, deadline.signal, nowSeconds());
    return { status, error: null, retryable: true, stopped: false, durationMs: took() };
  } catch (error) {
    const reason: unknown = deadline.signal.aborted ? deadline.signal.reason : error;
    const stopped = deadline.signal.aborted && !(reason instanceof DeadlineExceededError);
    const denied =
      error instanceof TargetDeniedError || (error as { cause?: unknown }).cause instanceof TargetDeniedError;
    return {
      status: null,
      error: describeFailure(reason, input.timeoutMs, denied),
      retryable: !denied,
      stopped,
      durationMs: took(),
    };
  } finally {
    deadline.clear();
  }
}

function describeFailure(reason: unknown, timeoutMs: number, denied: boolean): string {
  if (reason instanceof DeadlineExceededError) return `timeout: no complete answer within ${timeoutMs} ms`;
  if (denied && reason instanceof Error) return `target refused: ${reason.message}`;
  if (reason instanceof Error) {
    const code = (reason as NodeJS.ErrnoException).code;
    return code ? `${code}: ${reason.message}` : reason.message;
  }
  return String(reason);
}

function post(
  policy: WebhookTargetPolicy,
  input: AttemptRequest,
  signal: AbortSignal,
  timestamp: number,
): Promise<number> {
  const url = new URL(input.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const body = Buffer.from(input.body, 'utf8');
  return new Promise<number>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        signal,
        // Literal addresses were checked with the URL; names are checked where they resolve.
        ...(isIP(host) === 0 ? { lookup: policy.lookup } : {}),
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': 'atrium-webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(input.secret, input.body, timestamp),
          'atrium-event': input.eventType,
          'atrium-event-id': input.eventId,
          'atrium-delivery': input.deliveryId,
          'atrium-attempt': String(input.attempt),
        },
      },
      (response: IncomingMessage) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        response.on('error', reject);
        // The status counts once the answer is complete (or was cut off at the limit).
        response.on('close', () => {
          if (response.complete || read > MAX_ANSWER_BYTES) resolve(response.statusCode ?? 0);
          else reject(new Error('the answer was cut off'));
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
