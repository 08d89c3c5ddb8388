import { describe, expect, it } from 'vitest';
import { OPEN_READER, type Principal } from '@/lib/auth/principal';
import { pageCacheApplies, pageSlot, RENDER_HEADER } from '@/lib/page-cache/policy';
import { PageStore, type CachedPage } from '@/lib/page-cache/store';

const page = (text: string, pad = 0): CachedPage => ({
  body: Buffer.from(text + ' '.repeat(pad)),
  headers: [['content-type', 'text/html']],
});

describe('PageStore', () => {
  it('answers a slot only at the version it was rendered at, and replaces it in place', () => {
    const s = new PageStore(1e6);
    s.set('a', 'v1', page('one'));
    expect(s.get('a', 'v1')?.body.toString()).toBe('one');
    expect(s.get('a', 'v2')).toBeUndefined();
    s.set('a', 'v2', page('two'));
    expect(s.get('a', 'v1')).toBeUndefined();
    expect(s.get('a', 'v2')?.body.toString()).toBe('two');
    expect(s.size.pages).toBe(1);
  });

  it('stays under its byte budget, dropping the least recently used first', () => {
    const s = new PageStore(3 * 1100);
    for (const k of ['a', 'b', 'c']) s.set(k, 'v', page(k, 1000));
    s.get('a', 'v'); // a is now the most recent
    s.set('d', 'v', page('d', 1000));
    expect(s.get('b', 'v')).toBeUndefined();
    for (const k of ['a', 'c', 'd']) expect(s.get(k, 'v')).toBeDefined();
    expect(s.size.bytes).toBeLessThanOrEqual(3 * 1100);
    s.set('huge', 'v', page('x', 10_000)); // larger than the budget: not kept, nothing evicted for it
    expect(s.get('huge', 'v')).toBeUndefined();
    expect(s.size.pages).toBe(3);
  });

  it('renders once for concurrent misses of one slot and version, and keeps nothing a render refuses', async () => {
    const s = new PageStore(1e6);
    let renders = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const render = async () => {
      renders++;
      await gate;
      return page('p');
    };
    const all = Promise.all([s.fetch('a', 'v', render), s.fetch('a', 'v', render), s.fetch('a', 'v', render)]);
    release();
    const got = await all;
    expect(renders).toBe(1);
    expect(got.map((g) => g.hit)).toEqual([false, false, false]);
    expect(got.every((g) => g.page?.body.toString() === 'p')).toBe(true);
    expect((await s.fetch('a', 'v', render)).hit).toBe(true);
    expect(renders).toBe(1);
    // Another version renders again; a render that gives nothing is not stored, and is retried.
    expect((await s.fetch('a', 'v2', async () => null)).page).toBeNull();
    expect((await s.fetch('a', 'v2', render)).hit).toBe(false);
    expect(renders).toBe(2);
  });
});

describe('which requests the page cache answers', () => {
  const req = (pathname: string, headers: Record<string, string> = {}, method = 'GET') => ({
    method,
    pathname,
    headers: new Headers(headers),
  });

  it('whole-document GETs of the explorer and the models page only', () => {
    expect(pageCacheApplies(req('/explore'))).toBe(true);
    expect(pageCacheApplies(req('/models'))).toBe(true);
    expect(pageCacheApplies(req('/explore', {}, 'HEAD'))).toBe(false);
    expect(pageCacheApplies(req('/explore', {}, 'POST'))).toBe(false);
    for (const p of ['/', '/runs', '/r/abc', '/explore/x', '/api/frontier'])
      expect(pageCacheApplies(req(p))).toBe(false);
    for (const h of ['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-action', 'range', RENDER_HEADER])
      expect(pageCacheApplies(req('/explore', { [h]: '1' })), h).toBe(false);
    // A browser's navigation to the page, against its fetch() of the RSC payload (Next strips the
    // rsc header before the proxy: Sec-Fetch-Dest is what tells them apart).
    expect(pageCacheApplies(req('/explore', { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' }))).toBe(
      true,
    );
    expect(pageCacheApplies(req('/explore', { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' }))).toBe(false);
    expect(pageCacheApplies(req('/explore', { 'sec-fetch-dest': 'iframe' }))).toBe(false);
  });

  it('one slot per principal and URL', () => {
    const admin: Principal = { userId: 1, name: 'ada', role: 'admin', via: 'session' };
    const slots = new Set([
      pageSlot(admin, '/explore?study=1'),
      pageSlot(admin, '/explore?study=2'),
      pageSlot({ ...admin, role: 'viewer' }, '/explore?study=1'),
      pageSlot({ ...admin, userId: 2 }, '/explore?study=1'),
      pageSlot({ ...admin, name: 'bob' }, '/explore?study=1'),
      pageSlot({ ...admin, via: 'token', tokenId: 7 }, '/explore?study=1'),
      pageSlot(OPEN_READER, '/explore?study=1'),
    ]);
    expect(slots.size).toBe(7);
    expect(pageSlot(admin, '/explore?study=1')).toBe(pageSlot({ ...admin }, '/explore?study=1'));
  });
});
