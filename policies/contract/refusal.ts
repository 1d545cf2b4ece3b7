/**
 * Which policy refused a request: the hub's pipeline writes it when a policy's `context`, `operation` or `plan`
 * hook throws (the refusal), and the hub's own guards write `hub`. Response-phase policies (usage, logging) read
 * it to say who refused; a refusal in the context phase reaches them through their `contextRefusal` hook.
 */
import { requestSlot } from './request-state.js';

export interface Refusal {
  /** The policy's name, or `hub` for the hub's own checks (selection budget, `introspection: off`). */
  readonly policy: string;
  /** The catalogue code of the refusal, when it has one. */
  readonly code: string | undefined;
}

export const REFUSAL = requestSlot<Refusal>('the policy that refused the request');
