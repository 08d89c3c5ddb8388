/**
 * The page cache's memory: one rendered page per slot (who is asking, which URL), with the data
 * version it was rendered at. A lookup at another version is a miss, and the new render replaces
 * the old one in place, so the cache holds at most one copy per slot whatever the write rate.
 * Bounded in bytes, least recently used first out. Renders of one slot at one version that are
 * asked for while a render is in flight wait for it instead of rendering again.
 */
export interface CachedPage {
  /** The HTML, uncompressed (Next compresses each response, as it does every page). */
  body: Buffer;
  /** Response headers to replay (content type, cache control, security headers, preload links). */
  headers: [string, string][];
}

interface Slot {
  version: string;
  page: CachedPage;
}

export class PageStore {
  private slots = new Map<string, Slot>();
  private inflight = new Map<string, Promise<CachedPage | null>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): { pages: number; bytes: number } {
    return { pages: this.slots.size, bytes: this.bytes };
  }

  get(slot: string, version: string): CachedPage | undefined {
    const s = this.slots.get(slot);
    if (!s || s.version !== version) return undefined;
    // Map order is the LRU order: a hit moves the slot to the end.
    this.slots.delete(slot);
    this.slots.set(slot, s);
    return s.page;
  }

  set(slot: string, version: string, page: CachedPage): void {
    this.drop(slot);
    const size = sizeOf(page);
    if (size > this.maxBytes) return;
    this.slots.set(slot, { version, page });
    this.bytes += size;
    for (const oldest of this.slots.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /**
   * The page of this slot at this version: from memory, else from `render` (stored when it gives
   * one). Concurrent calls for the same slot and version share one render.
   */
  async fetch(
    slot: string,
    version: string,
    render: () => Promise<CachedPage | null>,
  ): Promise<{ page: CachedPage | null; hit: boolean }> {
    const cached = this.get(slot, version);
    if (cached) return { page: cached, hit: true };
    const key = `${version}\u0000${slot}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = render()
        .then((page) => {
          if (page) this.set(slot, version, page);
          return page;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return { page: await pending, hit: false };
  }

  private drop(slot: string) {
    const s = this.slots.get(slot);
    if (!s) return;
    this.slots.delete(slot);
    this.bytes -= sizeOf(s.page);
  }
}

function sizeOf(p: CachedPage): number {
  return p.body.length + p.headers.reduce((a, [k, v]) => a + k.length + v.length, 0);
}
