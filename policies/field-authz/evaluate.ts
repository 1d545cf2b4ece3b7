/**
 * Decides an operation plan for one caller. Pure: no Node or Apollo.
 *
 * Each distinct requirement is tested once. A denied check hides everything under it, so only the outermost
 * denied selections are reported: one per response path.
 */
import type { FieldNode } from 'graphql';
import type { FieldCheck, OperationPlan } from './operation-requirements.js';
import { isSatisfiedBy, type CallerFacts, type Requirement } from './requirement.js';

export interface PlanDecision {
  /** Field nodes to remove from the document. */
  readonly deniedNodes: ReadonlySet<FieldNode>;
  /** The outermost denied selections, in document order. */
  readonly denied: readonly FieldCheck[];
}

export function evaluatePlan(plan: OperationPlan, caller: CallerFacts): PlanDecision {
  const verdicts = new Map<Requirement, boolean>();
  const allowed = (requirement: Requirement): boolean => {
    let verdict = verdicts.get(requirement);
    if (verdict === undefined) {
      verdict = isSatisfiedBy(requirement, caller);
      verdicts.set(requirement, verdict);
    }
    return verdict;
  };

  const deniedNodes = new Set<FieldNode>();
  const denied: FieldCheck[] = [];
  // Checks are in pre-order, so a parent's state is known before its children's.
  const hidden: boolean[] = [];
  plan.checks.forEach((check, position) => {
    const underDenied = check.parent >= 0 && hidden[check.parent] === true;
    const isDenied = !allowed(check.requirement);
    hidden[position] = underDenied || isDenied;
    if (!isDenied) return;
    deniedNodes.add(check.node);
    if (!underDenied) denied.push(check);
  });
  return { deniedNodes, denied };
}
