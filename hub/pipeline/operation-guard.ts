import type { GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { HubContext } from '../../policies/contract/hub-context.js';

/**
 * One of the hub's own checks of a resolved operation, run by the pipeline plugin before the `operation`
 * policies. It refuses by throwing a catalogue error (which carries its HTTP status).
 */
export type OperationGuard = (requestContext: GraphQLRequestContextDidResolveOperation<HubContext>) => void;
