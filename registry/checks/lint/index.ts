export {
  DEFAULT_LINT_CONFIG,
  LINT_LEVELS,
  LINT_RULES,
  resolveLintConfig,
  type LintConfig,
  type LintLevel,
  type LintRule,
} from './lint-config.js';
export { lintSubgraphDocument } from './naming-rules.js';
export { lintRemovals, type RemovalContext } from './removal-rule.js';
