import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { RegistryError, RegistryErrors } from './errors.js';

/** fastify's default, set explicitly so that URL_TOO_LONG can say it. */
export const MAX_PARAM_LENGTH = 100;

/**
 * Maps every error to `{ code, message, ...details }`: catalogue errors as they are, fastify's own client
 * errors (bad JSON, body too large, unsupported content type, bad percent-encoding, over-long path segments)
 * to catalogue codes, and anything unexpected to a logged, masked INTERNAL. A catalogue error with
 * `retryAfterSeconds` gets a `Retry-After` header. fastify routes its router's errors here too, through the
 * `frameworkErrors` option (server.ts).
 */
export function createErrorHandler(bodyLimit: number, logger: Logger | undefined) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const registryError = toRegistryError(error, bodyLimit);
    if (registryError.code === 'INTERNAL') {
      logger?.error(
        { err: error, reqId: request.id, method: request.method, url: request.url },
        'request failed',
      );
    }
    const retryAfter = registryError.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    return reply.code(registryError.status).send(registryError.toBody());
  };
}

function toRegistryError(error: unknown, bodyLimit: number): RegistryError {
  if (error instanceof RegistryError) return error;
  if (isFastifyError(error) && error.statusCode !== undefined) {
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      return RegistryErrors.URL_TOO_LONG.create({ limit: MAX_PARAM_LENGTH });
    }
    if (error.statusCode === 413) return RegistryErrors.PAYLOAD_TOO_LARGE.create({ limit: bodyLimit });
    if (error.statusCode >= 400 && error.statusCode < 500) {
      return RegistryErrors.INVALID_INPUT.create({ issues: [{ path: '', message: error.message }] });
    }
  }
  return RegistryErrors.INTERNAL.create();
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as Partial<FastifyError>).statusCode === 'number';
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const error = RegistryErrors.NOT_FOUND.create({
    method: request.method,
    url: request.url.split('?')[0] ?? '',
  });
  return reply.code(error.status).send(error.toBody());
}

/**
 * Errors of Node's HTTP parser, before any request exists (fastify's `clientErrorHandler`): bytes that are not
 * HTTP, headers over the size limit, a request not received in time. Answered with a catalogue body, then the
 * connection is closed, as fastify's default handler does.
 */
export function createClientErrorHandler(logger: Logger | undefined) {
  return function handleClientError(error: Error & { code?: string }, socket: Socket): void {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const registryError =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? RegistryErrors.HEADERS_TOO_LARGE.create()
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? RegistryErrors.REQUEST_TIMEOUT.create()
          : RegistryErrors.MALFORMED_REQUEST.create();
    logger?.debug({ err: error, code: registryError.code }, 'client error');
    if (socket.writable) {
      const body = JSON.stringify(registryError.toBody());
      socket.write(
        `HTTP/1.1 ${registryError.status} ${STATUS_CODES[registryError.status] ?? ''}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}
