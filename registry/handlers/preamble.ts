import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { RegistryErrors, type InputIssue } from '../errors.js';
import { authenticate, type Principal } from '../services/authentication.js';
import type { RegistryContext } from '../services/registry-context.js';

/**
 * The steps every handler starts with: authenticate the bearer token, authorize (services/authorization.ts),
 * validate the input with zod. Handlers then call one service and return its value.
 */
export function authenticateRequest(ctx: RegistryContext, request: FastifyRequest): Promise<Principal> {
  return authenticate(ctx, request.headers.authorization);
}

type CodedInputError = 'INVALID_NAME' | 'INVALID_ROUTING_URL';
const CODED: ReadonlySet<string> = new Set<CodedInputError>(['INVALID_NAME', 'INVALID_ROUTING_URL']);

/** Parses `value` or throws INVALID_INPUT (or INVALID_NAME / INVALID_ROUTING_URL) listing every issue. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: InputIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const coded = result.error.issues
    .map((issue): unknown => (issue.code === 'custom' ? issue.params?.registryCode : undefined))
    .find((code): code is CodedInputError => typeof code === 'string' && CODED.has(code));
  if (coded) throwCoded(coded, issues);
  throw RegistryErrors.INVALID_INPUT.create({ issues });
}

function throwCoded(code: CodedInputError, issues: InputIssue[]): never {
  switch (code) {
    case 'INVALID_NAME':
      throw RegistryErrors.INVALID_NAME.create({ issues });
    case 'INVALID_ROUTING_URL':
      throw RegistryErrors.INVALID_ROUTING_URL.create({ issues });
  }
}

/** A raw path parameter, before validation (authorization of a publisher looks at the subgraph name). */
export function pathParam(request: FastifyRequest, name: string): string {
  const params = request.params;
  if (typeof params !== 'object' || params === null) return '';
  const value = (params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
