import { describe, expect, it } from 'vitest';
import { IdSet, type ChunkStore } from '../../../../src/sync/core/idset';

class MapStore implements ChunkStore {
  readonly data = new Map<string, unknown>();
  reads = 0;
  async getMany(keys: readonly string[]) {
    this.reads += 1;
    const out = new Map<string, unknown>();
    for (const k of keys) if (this.data.has(k)) out.set(k, structuredClone(this.data.get(k)));
    return out;
  }
  async setMany(entries: readonly { key: string; value: unknown }[]) {
    for (const e of entries) this.data.set(e.key, structuredClone(e.value));
  }
}

const limits = { recentMax: 3, chunkMax: 5 };

/** What the owner record would persist: chunks first, then the inline part. */
async function persist(set: IdSet, store: MapStore) {
  await store.setMany(set.takeDirtyChunks());
  const record = set.toRecord();
  set.markSaved();
  return record;
}

describe('chunked id set', () => {
  it('keeps small sets inline and reads no chunk', async () => {
    const store = new MapStore();
    const set = new IdSet('s', { recent: [], chunks: 0 }, store, limits);
    await set.add([1, 2, 2, '3']);
    expect(set.toRecord()).toEqual({ recent: ['1', '2', '3'], chunks: 0 });
    expect(await set.has(2)).toBe(true);
    expect(await set.has(9)).toBe(false);
    expect(store.reads).toBe(0);
  });

  it('seals into chunks bounded by chunkMax and finds every id after a reload', async () => {
    const store = new MapStore();
    let set = new IdSet('s', { recent: [], chunks: 0 }, store, limits);
    const ids = Array.from({ length: 23 }, (_, i) => String(1000 + i));
    for (const id of ids) {
      await set.add([id]);
      // Persist after every add, like one sync pass per comment.
      const record = await persist(set, store);
      set = new IdSet('s', record, store, limits);
    }
    const record = set.toRecord();
    expect(record.recent.length).toBeLessThanOrEqual(limits.recentMax);
    for (let i = 0; i < record.chunks; i++) {
      const chunk = store.data.get(`s:${i}`) as { ids: string[] };
      expect(chunk.ids.length).toBeLessThanOrEqual(limits.chunkMax);
    }
    const all = [...record.recent];
    for (let i = 0; i < record.chunks; i++) all.push(...(store.data.get(`s:${i}`) as { ids: string[] }).ids);
    expect(all.sort()).toEqual([...ids].sort());
    const fresh = new IdSet('s', record, store, limits);
    for (const id of ids) expect(await fresh.has(id)).toBe(true);
    expect(await fresh.has('1')).toBe(false);
    expect(store.reads).toBeGreaterThan(0);
  });

  it('loses nothing when the owner write is lost after the chunk write (crash between)', async () => {
    const store = new MapStore();
    const set = new IdSet('s', { recent: ['1', '2', '3'], chunks: 0 }, store, limits);
    await set.add(['4']);
    // Chunks written, owner record not: the old owner still lists 1..3 inline.
    await store.setMany(set.takeDirtyChunks());
    const old = new IdSet('s', { recent: ['1', '2', '3'], chunks: 0 }, store, limits);
    for (const id of ['1', '2', '3']) expect(await old.has(id)).toBe(true);
    expect(await old.has('4')).toBe(false);
    await old.add(['4']);
    const record = await persist(old, store);
    const again = new IdSet('s', record, store, limits);
    for (const id of ['1', '2', '3', '4']) expect(await again.has(id)).toBe(true);
    expect(again.size).toBe(4);
  });

  it('marks itself dirty only on a real addition', async () => {
    const set = new IdSet('s', { recent: ['1'], chunks: 0 }, new MapStore(), limits);
    await set.add(['1']);
    expect(set.isDirty).toBe(false);
    await set.add(['2']);
    expect(set.isDirty).toBe(true);
  });
});
