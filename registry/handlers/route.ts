import type { RouteOptions } from 'fastify';
import type { RegistryContext } from '../services/registry-context.js';

/** Each handler file exports one of these: it builds the route for a registry instance. */
export type RouteFactory = (ctx: RegistryContext) => RouteOptions;
