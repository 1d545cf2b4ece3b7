/**
 * With tracing on, every subgraph fetch carries its own `traceparent` (its span's id): in-flight deduplication
 * of subgraph fetches must still share identical fetches, ignoring that header (the shared request carries the
 * first caller's), while any other header keeps callers apart.
 */
import { describe, expect, it } from 'vitest';
import { deduplicateFetches } from '../../../hub/datasource/in-flight-fetches.js';

class Answer {
  constructor(readonly text: string) {}
  clone(): Answer {
    return new Answer(this.text);
  }
}

function countingFetcher() {
  const sent: Record<string, string>[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const fetcher = async (_url: string, init?: { method?: string; headers?: unknown; body?: unknown }) => {
    sent.push(init?.headers as Record<string, string>);
    await gate;
    return new Answer('{"data":{}}');
  };
  return { sent, release: () => release(), fetcher };
}

const BODY = JSON.stringify({ query: '{ things { id } }' });
const init = (headers: Record<string, string>) => ({ method: 'POST', headers, body: BODY });

describe('subgraph fetch sharing with tracing on', () => {
  it('shares fetches that differ only in traceparent', async () => {
    const { sent, release, fetcher } = countingFetcher();
    const shared = deduplicateFetches(fetcher);
    const first = shared(
      'http://sub/graphql',
      init({ traceparent: `00-${'a'.repeat(32)}-${'1'.repeat(16)}-01` }),
    );
    const second = shared(
      'http://sub/graphql',
      init({ traceparent: `00-${'b'.repeat(32)}-${'2'.repeat(16)}-01` }),
    );
    release();
    await Promise.all([first, second]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.['traceparent']).toBe(`00-${'a'.repeat(32)}-${'1'.repeat(16)}-01`);
  });

  it('keeps fetches apart that differ in another header', async () => {
    const { sent, release, fetcher } = countingFetcher();
    const shared = deduplicateFetches(fetcher);
    const first = shared('http://sub/graphql', init({ 'x-atrium-subject': 'alice' }));
    const second = shared('http://sub/graphql', init({ 'x-atrium-subject': 'bob' }));
    release();
    await Promise.all([first, second]);
    expect(sent).toHaveLength(2);
  });
});
