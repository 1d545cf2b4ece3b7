import { describe, expect, it } from 'vitest';
import { checkLimits, LIMITS } from '../../../policies/limits/check-limits.js';
import { LIMIT_DEFAULTS, limitsOptions } from '../../../policies/limits/options.js';

describe('limitsOptions', () => {
  it('enforces every limit by default, with the documented maxima', () => {
    expect(limitsOptions.parse({})).toEqual({
      maxTokens: { mode: 'enforce', max: 1000 },
      maxDepth: { mode: 'enforce', max: 20 },
      maxHeight: { mode: 'enforce', max: 500 },
      maxAliases: { mode: 'enforce', max: 30 },
      maxDirectives: { mode: 'enforce', max: 30 },
      maxRootFields: { mode: 'enforce', max: 20 },
      maxSubgraphFetches: { mode: 'enforce', max: 50 },
      skipPersisted: false,
    });
  });

  it('keeps the default maximum when only the mode is set, and the default mode when only max is', () => {
    const options = limitsOptions.parse({ maxDepth: { mode: 'measure' }, maxAliases: { max: 5 } });
    expect(options.maxDepth).toEqual({ mode: 'measure', max: LIMIT_DEFAULTS.maxDepth });
    expect(options.maxAliases).toEqual({ mode: 'enforce', max: 5 });
  });

  it('refuses unknown limits, unknown modes and maxima that are not positive integers, with their paths', () => {
    const result = limitsOptions.safeParse({
      maxDepht: { max: 3 },
      maxDepth: { mode: 'warn' },
      maxHeight: { max: 0 },
      maxTokens: { max: 1.5 },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      '',
      'maxDepth.mode',
      'maxHeight.max',
      'maxTokens.max',
    ]);
  });
});

describe('checkLimits', () => {
  const options = limitsOptions.parse({
    maxDepth: { mode: 'enforce', max: 3 },
    maxAliases: { mode: 'measure', max: 2 },
    maxHeight: { mode: 'off', max: 1 },
  });

  it('reports each exceeded limit with its code, mode, max and actual; a value equal to max passes', () => {
    expect(checkLimits({ depth: 4, aliases: 3, height: 100, rootFields: 20 }, options)).toEqual([
      { limit: 'maxDepth', code: 'MAX_DEPTH_EXCEEDED', mode: 'enforce', max: 3, actual: 4 },
      { limit: 'maxAliases', code: 'MAX_ALIASES_EXCEEDED', mode: 'measure', max: 2, actual: 3 },
    ]);
    expect(checkLimits({ depth: 3, aliases: 2 }, options)).toEqual([]);
  });

  it('checks only the measures it is given: tokens before parsing, fetches after planning', () => {
    expect(checkLimits({ tokens: 1001 }, options)).toEqual([
      { limit: 'maxTokens', code: 'MAX_TOKENS_EXCEEDED', mode: 'enforce', max: 1000, actual: 1001 },
    ]);
    expect(checkLimits({ subgraphFetches: 51 }, options)).toEqual([
      {
        limit: 'maxSubgraphFetches',
        code: 'MAX_SUBGRAPH_FETCHES_EXCEEDED',
        mode: 'enforce',
        max: 50,
        actual: 51,
      },
    ]);
  });

  it('has one stable code per limit', () => {
    expect(LIMITS.map((limit) => [limit.name, limit.code])).toEqual([
      ['maxTokens', 'MAX_TOKENS_EXCEEDED'],
      ['maxDepth', 'MAX_DEPTH_EXCEEDED'],
      ['maxHeight', 'MAX_HEIGHT_EXCEEDED'],
      ['maxAliases', 'MAX_ALIASES_EXCEEDED'],
      ['maxDirectives', 'MAX_DIRECTIVES_EXCEEDED'],
      ['maxRootFields', 'MAX_ROOT_FIELDS_EXCEEDED'],
      ['maxSubgraphFetches', 'MAX_SUBGRAPH_FETCHES_EXCEEDED'],
    ]);
    expect(Object.keys(LIMIT_DEFAULTS).sort()).toEqual(LIMITS.map((limit) => limit.name).sort());
  });
});
