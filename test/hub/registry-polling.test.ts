/**
 * The shared registry polling the supergraph, the client records and the persisted operations use
 * (hub/registry-polling/): the poll loop with If-None-Match and its two ETag rules, its log lines, the JSON
 * last-known-good copy of a set and its refusals, and the polled set's fallback at boot.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLastKnownGoodSetStore } from '../../hub/registry-polling/last-known-good-set.js';
import { createPolledSet } from '../../hub/registry-polling/polled-set.js';
import { createRegistryPoller, type RegistryPoller } from '../../hub/registry-polling/registry-poller.js';
import { captureLogs, silentLogger, tempDir } from '../helpers/hub.js';

const TOKEN = 'polling-secret-token';

interface Feed {
  url: string;
  /** The If-None-Match of each request, in order. */
  requests: (string | undefined)[];
  /** Resolves once the registry has answered `count` requests. */
  answered(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A registry feed answering `{ items }` with ETag `"v1"` and 304 to `If-None-Match: "v1"`, after `failFirst` 503s. */
async function startFeed(options: { failFirst?: number } = {}): Promise<Feed> {
  const requests: (string | undefined)[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.headers['if-none-match']);
    if (requests.length <= (options.failFirst ?? 0)) {
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 'FEED_BROKEN', message: 'no' }));
    } else if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
    else {
      res
        .writeHead(200, { 'content-type': 'application/json', etag: '"v1"' })
        .end(JSON.stringify({ items: ['a', 'b'] }));
    }
    for (const wait of waiting.filter((entry) => requests.length >= entry.count)) wait.resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/feed`,
    requests,
    answered: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits for what the poller does in the background (no time is asserted). */
async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; !check(); tries += 1) {
    if (tries > 500) throw new Error('the poller never got there');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const itemsSchema = z.object({ items: z.array(z.string()) });
type Items = z.output<typeof itemsSchema>;

function pollerFor(
  endpoint: string,
  options: { keepEtag?: 'before-handover' | 'after-handover'; log?: ReturnType<typeof silentLogger> } = {},
): RegistryPoller<Items> {
  return createRegistryPoller<Items>({
    endpoint,
    config: { token: TOKEN, timeoutMs: 1_000, pollIntervalMs: 20, maxBackoffMs: 40 },
    log: options.log ?? silentLogger(),
    messages: { failed: 'items poll failed', reachableAgain: 'items reachable again' },
    ...(options.keepEtag ? { keepEtag: options.keepEtag } : {}),
    read(body, etag) {
      const parsed = itemsSchema.safeParse(body);
      return parsed.success
        ? { kind: 'accepted', value: parsed.data, etag }
        : { kind: 'failed', reason: 'registry answered items the hub cannot use' };
    },
  });
}

const storeFor = (key: string, fileName = 'shop.items.json') =>
  createLastKnownGoodSetStore<Items>({
    dir: dir.path,
    fileName,
    key: { field: 'graph', value: key },
    keyLabel: 'graph ',
    noun: 'item',
    validate: (set) => {
      const parsed = itemsSchema.safeParse(set);
      return parsed.success ? parsed.data : undefined;
    },
  });

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

describe('the registry poller', () => {
  it('hands the value over, then sends its ETag, and an unchanged feed hands nothing over again', async () => {
    const feed = await startFeed();
    const poller = pollerFor(feed.url);
    const handed: Items[] = [];
    const first = await poller.start((value) => {
      handed.push(value);
      return Promise.resolve();
    });
    await feed.answered(3);
    await poller.stop();
    await feed.close();
    expect(first).toEqual({ kind: 'updated', value: { items: ['a', 'b'] } });
    expect(handed).toEqual([{ items: ['a', 'b'] }]);
    expect(feed.requests[0]).toBeUndefined();
    expect(feed.requests.slice(1, 3)).toEqual(['"v1"', '"v1"']);
  });

  it('asks again for a value its listener threw on, unless told to keep the ETag before the handover', async () => {
    for (const [keepEtag, again] of [
      ['after-handover', undefined],
      ['before-handover', '"v1"'],
    ] as const) {
      const feed = await startFeed();
      const poller = pollerFor(feed.url, { keepEtag });
      // A listener that throws fails the first attempt; the next attempt shows which ETag the poller kept.
      await expect(poller.start(() => Promise.reject(new Error('cannot use it')))).rejects.toThrow();
      await poller.start(() => Promise.resolve());
      await poller.stop();
      await feed.close();
      expect([keepEtag, feed.requests[1]]).toEqual([keepEtag, again]);
    }
  });

  it('warns of each failed poll with the registry error code, never the token, and says when it is back', async () => {
    const logs = captureLogs('debug');
    const broken = await startFeed({ failFirst: Infinity });
    const poller = pollerFor(broken.url, { log: logs.logger });
    const first = await poller.start(() => Promise.resolve());
    await until(() => logs.lines.filter((line) => line['msg'] === 'items poll failed').length >= 2);
    await poller.stop();
    await broken.close();
    expect(first).toEqual({ kind: 'failed', reason: 'registry answered 503 FEED_BROKEN' });
    const failed = logs.lines.filter((line) => line['msg'] === 'items poll failed');
    expect(failed.slice(0, 2).map((line) => line['failures'])).toEqual([1, 2]);
    expect(logs.text()).not.toContain(TOKEN);
  });

  it('says when the registry answers again after failures, with how many polls failed', async () => {
    const logs = captureLogs();
    const feed = await startFeed({ failFirst: 2 });
    const poller = pollerFor(feed.url, { log: logs.logger });
    const handed: Items[] = [];
    await poller.start((value) => {
      handed.push(value);
      return Promise.resolve();
    });
    await until(() => logs.lines.some((line) => line['msg'] === 'items reachable again'));
    await poller.stop();
    await feed.close();
    expect(handed).toEqual([{ items: ['a', 'b'] }]);
    expect(logs.lines.map((line) => [line['msg'], line['failures'] ?? line['after']]).slice(0, 3)).toEqual([
      ['items poll failed', 1],
      ['items poll failed', 2],
      ['items reachable again', 2],
    ]);
  });
});

describe('the last-known-good copy of a set', () => {
  it('reads back what it saved, in the file layout the hub has always written', async () => {
    const store = storeFor('shop');
    expect(await store.load()).toEqual({ kind: 'missing' });
    await store.save({ items: ['a'] });
    const file = JSON.parse(await readFile(store.path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(file)).toEqual(['graph', 'hash', 'savedAt', 'set']);
    expect(Date.parse(file['savedAt'] as string)).not.toBeNaN();
    expect(await store.load()).toEqual({ kind: 'verified', set: { items: ['a'] }, savedAt: file['savedAt'] });
  });

  it("refuses another graph's copy, an edited one, one that is not a copy and one that does not validate", async () => {
    const store = storeFor('shop');
    await store.save({ items: ['a'] });
    expect(await storeFor('other', 'shop.items.json').load()).toEqual({
      kind: 'refused',
      reason: `${store.path} records graph shop, not other`,
    });

    const text = await readFile(store.path, 'utf8');
    await writeFile(store.path, text.replace('["a"]', '["z"]'));
    expect(await store.load()).toEqual({
      kind: 'refused',
      reason: `the content of ${store.path} does not match the hash it records`,
    });

    await writeFile(store.path, '{"set":1}');
    expect(await store.load()).toEqual({ kind: 'refused', reason: `${store.path} is not a item copy` });

    const bad = createLastKnownGoodSetStore<Items>({
      dir: dir.path,
      fileName: 'bad.items.json',
      key: { field: 'ref', value: 'shop@prod' },
      keyLabel: '',
      noun: 'item',
      validate: () => undefined,
    });
    await bad.save({ items: ['a'] });
    expect(await bad.load()).toEqual({
      kind: 'refused',
      reason: `${bad.path} does not hold a valid item set`,
    });
  });
});

describe('a polled set', () => {
  it('is its initial set and ready without a feed', async () => {
    const set = createPolledSet({
      initial: { items: [] },
      feed: undefined,
      log: silentLogger(),
      noun: 'items',
      counts: () => ({}),
    });
    await set.start();
    expect(set.status()).toEqual({ state: 'ready' });
    expect(set.current()).toEqual({ items: [] });
  });

  it('serves the feed, then the verified copy when the registry is down at boot, then its fallback', async () => {
    const lastKnownGood = storeFor('shop', 'polled.items.json');
    const polledSet = (url: string) =>
      createPolledSet<Items>({
        initial: { items: ['fallback'] },
        feed: () => ({ poller: pollerFor(url), lastKnownGood }),
        log: silentLogger(),
        noun: 'items',
        counts: (set) => ({ items: set.items.length }),
        fallback: { reason: 'the fallback item applies', log: 'fallback applies' },
      });

    const feed = await startFeed();
    const live = polledSet(feed.url);
    expect(live.status()).toEqual({ state: 'degraded', reason: 'items not loaded yet' });
    const changes: Items[] = [];
    live.onChange((set) => changes.push(set));
    await live.start();
    await live.stop();
    await feed.close();
    expect(live.status()).toEqual({ state: 'ready' });
    expect(live.current()).toEqual({ items: ['a', 'b'] });
    expect(changes).toEqual([{ items: ['a', 'b'] }]);

    const down = await startFeed({ failFirst: Infinity });
    const fromCopy = polledSet(down.url);
    await fromCopy.start();
    await fromCopy.stop();
    expect(fromCopy.current()).toEqual({ items: ['a', 'b'] });
    expect(fromCopy.status()).toEqual({
      state: 'degraded',
      reason: expect.stringMatching(
        /^items from the last-known-good copy of \d{4}-.*: registry answered 503 FEED_BROKEN$/,
      ) as unknown,
    });

    await writeFile(lastKnownGood.path, '{}');
    const withoutCopy = polledSet(down.url);
    await withoutCopy.start();
    await withoutCopy.stop();
    await down.close();
    expect(withoutCopy.current()).toEqual({ items: ['fallback'] });
    expect(withoutCopy.status()).toEqual({
      state: 'degraded',
      reason: `items not loaded (registry answered 503 FEED_BROKEN; last-known-good copy refused: ${lastKnownGood.path} is not a item copy): the fallback item applies`,
    });
  });
});
