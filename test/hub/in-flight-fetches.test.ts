/** The pure parts of subgraph-fetch deduplication: which bodies are queries, and what one shared fetch hands out. */
import { describe, expect, it } from 'vitest';
import { deduplicateFetches, isQueryText } from '../../hub/datasource/in-flight-fetches.js';

class Answer {
  constructor(readonly body: string) {}
  clone(): Answer {
    return new Answer(this.body);
  }
}

describe('isQueryText', () => {
  it('takes the gateway’s query forms for queries and anything else for not', () => {
    expect(isQueryText('{topProducts{upc}}')).toBe(true);
    expect(isQueryText('query TopProducts__products__0{topProducts{upc}}')).toBe(true);
    expect(
      isQueryText(
        'query($representations:[_Any!]!){_entities(representations:$representations){__typename}}',
      ),
    ).toBe(true);
    expect(isQueryText('mutation Bump__things__0{bump}')).toBe(false);
    expect(isQueryText('subscription{ticks}')).toBe(false);
    expect(isQueryText('queryX{a}')).toBe(false);
    expect(isQueryText('\\nquery{a}')).toBe(false);
  });
});

describe('deduplicateFetches', () => {
  const init = (query: string, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: {} }),
  });

  it('sends one request for identical queries in flight, and a copy to each caller', async () => {
    let sent = 0;
    const fetch = deduplicateFetches(async (_url: string, _init?: ReturnType<typeof init>) => {
      sent += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return new Answer(`answer ${sent}`);
    });
    const answers = await Promise.all([1, 2, 3].map(() => fetch('http://s/graphql', init('{a}'))));
    expect(sent).toBe(1);
    expect(answers.map((answer) => answer.body)).toEqual(['answer 1', 'answer 1', 'answer 1']);
    expect(new Set(answers).size).toBe(3);
    await fetch('http://s/graphql', init('{a}'));
    expect(sent).toBe(2); // nothing is kept once the fetch is over
  });

  it('never shares mutations, or fetches whose headers or URL differ', async () => {
    let sent = 0;
    const fetch = deduplicateFetches(async (_url: string, _init?: ReturnType<typeof init>) => {
      sent += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return new Answer('x');
    });
    await Promise.all([
      fetch('http://s/graphql', init('mutation{bump}')),
      fetch('http://s/graphql', init('mutation{bump}')),
      fetch('http://s/graphql', init('{a}', { 'x-subject': 'ana' })),
      fetch('http://s/graphql', init('{a}', { 'x-subject': 'bob' })),
      fetch('http://t/graphql', init('{a}', { 'x-subject': 'bob' })),
    ]);
    expect(sent).toBe(5);
  });

  it('hands a failure to every caller', async () => {
    const fetch = deduplicateFetches(
      async (_url: string, _init?: ReturnType<typeof init>): Promise<Answer> => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        throw new Error('connection refused');
      },
    );
    const outcomes = await Promise.allSettled([1, 2].map(() => fetch('http://s/graphql', init('{a}'))));
    expect(
      outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as Error).message),
    ).toEqual(['connection refused', 'connection refused']);
  });
});
