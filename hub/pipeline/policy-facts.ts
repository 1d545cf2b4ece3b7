/**
 * `deps.facts` of one policy: request facts live in the request's `RequestState`, each in a slot only this
 * module holds, and a policy may publish or read only the facts its definition names (`publishes`, `reads`),
 * which the boot checks tied to its dependencies.
 */
import type { PolicyDefinition } from '../../policies/contract/policy.js';
import type { PolicyFacts } from '../../policies/contract/policy-deps.js';
import type { FactDeclaration, RequestFact } from '../../policies/contract/request-facts.js';
import { requestSlot, type RequestSlot, type RequestState } from '../../policies/contract/request-state.js';

const slots = new WeakMap<FactDeclaration, RequestSlot<unknown>>();

function slotOf(fact: FactDeclaration): RequestSlot<unknown> {
  let slot = slots.get(fact);
  if (slot === undefined) {
    slot = requestSlot<unknown>(fact.name);
    slots.set(fact, slot);
  }
  return slot;
}

export function createPolicyFacts(definition: PolicyDefinition): PolicyFacts {
  const publishes = new Set<FactDeclaration>(definition.publishes);
  const reads = new Set<FactDeclaration>(definition.reads);
  return {
    publish<Value>(state: RequestState, fact: RequestFact<Value>, value: Value): void {
      if (!publishes.has(fact)) {
        throw new Error(`Policy "${definition.name}" publishes ${fact.name} without declaring it`);
      }
      state.set(slotOf(fact), value);
    },
    read<Value>(state: RequestState, fact: RequestFact<Value>): Value | undefined {
      if (!reads.has(fact))
        throw new Error(`Policy "${definition.name}" reads ${fact.name} without declaring it`);
      return state.get(slotOf(fact)) as Value | undefined;
    },
  };
}
