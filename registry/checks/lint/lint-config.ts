/** The schema lint rules, their levels and the per-graph configuration (docs/checks.md, "Lint rules"). */
export const LINT_RULES = [
  'TYPE_NAMES_PASCAL_CASE',
  'FIELD_NAMES_CAMEL_CASE',
  'ENUM_VALUES_UPPER_CASE',
  'DEPRECATION_REASON_REQUIRED',
  'REQUIRE_DEPRECATION_BEFORE_REMOVAL',
] as const;

export type LintRule = (typeof LINT_RULES)[number];

/** `off`: not run; `warn`: reported, does not fail the check; `error`: reported and fails the check. */
export const LINT_LEVELS = ['off', 'warn', 'error'] as const;
export type LintLevel = (typeof LINT_LEVELS)[number];

export interface LintConfig {
  readonly rules: Readonly<Record<LintRule, LintLevel>>;
  /** REQUIRE_DEPRECATION_BEFORE_REMOVAL: how long a field must have been deprecated before it may go. */
  readonly deprecationGracePeriodDays: number;
}

export const DEFAULT_LINT_CONFIG: LintConfig = Object.freeze({
  rules: Object.freeze({
    TYPE_NAMES_PASCAL_CASE: 'warn',
    FIELD_NAMES_CAMEL_CASE: 'warn',
    ENUM_VALUES_UPPER_CASE: 'warn',
    DEPRECATION_REASON_REQUIRED: 'warn',
    REQUIRE_DEPRECATION_BEFORE_REMOVAL: 'off',
  }),
  deprecationGracePeriodDays: 14,
});

/** A stored (possibly partial, possibly older) configuration over the defaults. */
export function resolveLintConfig(stored: Partial<LintConfig> | null | undefined): LintConfig {
  return {
    rules: { ...DEFAULT_LINT_CONFIG.rules, ...stored?.rules },
    deprecationGracePeriodDays:
      stored?.deprecationGracePeriodDays ?? DEFAULT_LINT_CONFIG.deprecationGracePeriodDays,
  };
}
