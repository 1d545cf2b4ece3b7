import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { RegistryError, RegistryErrors } from './errors.js';

/**
 * Maps every error to `{ code, message, ...details }`: catalogue errors as they are, fastify's own client
 * errors (bad JSON, body too large, unsupported content type) to INVALID_INPUT / PAYLOAD_TOO_LARGE, and
 * anything unexpected to a logged, masked INTERNAL.
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
    return reply.code(registryError.status).send(registryError.toBody());
  };
}

function toRegistryError(error: unknown, bodyLimit: number): RegistryError {
  if (error instanceof RegistryError) return error;
  if (isFastifyError(error) && error.statusCode !== undefined) {
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
