/**
 * A growing set of ids kept inside the 240 KiB KVS value limit
 * (docs/contracts/forge-platform.md § Storage limits): the newest ids ride inline in the owning record
 * ("recent"), older ones are sealed into numbered chunk records. Only the inline part is read with the owner;
 * sealed chunks are loaded once, on the first lookup that misses the inline part.
 *
 * Write order is what makes it crash-safe: sealed chunks are written before the owner
 * record, so a crash in between leaves the ids still inline in the old owner and the chunk
 * is rewritten with the same ids next time.
 */
import { z } from 'zod';
import { idSetChunkKey } from '../../storage/keys';

export const idSetSchema = z.object({
  /** Newest ids, inline. */
  recent: z.array(z.string()),
  /** Number of sealed chunk records: `{base}:{0..chunks-1}`. */
  chunks: z.number().int().nonnegative(),
});
export type IdSetRecord = z.infer<typeof idSetSchema>;

export const idChunkSchema = z.object({ ids: z.array(z.string()) });

export const EMPTY_ID_SET: IdSetRecord = { recent: [], chunks: 0 };

export interface IdSetLimits {
  /** Inline ids before they are sealed into a chunk. */
  recentMax: number;
  /** Ids per sealed chunk (at 20 bytes per id, 4000 ids stay near 80 KB). */
  chunkMax: number;
}

export const DEFAULT_ID_SET_LIMITS: IdSetLimits = { recentMax: 250, chunkMax: 4000 };

/** Storage for sealed chunks; the real one is KVS (src/storage/linkState.ts), tests may pass a map. */
export interface ChunkStore {
  getMany(keys: readonly string[]): Promise<Map<string, unknown>>;
  setMany(entries: readonly { key: string; value: unknown }[]): Promise<void>;
}

export class IdSet {
  private recent: string[];
  private recentIndex: Set<string>;
  private chunkCount: number;
  /** Sealed chunk contents once loaded (index → ids). */
  private sealed: Map<number, string[]> | null = null;
  private sealedIndex: Set<string> | null = null;
  private readonly dirtyChunks = new Set<number>();
  private changed = false;

  constructor(
    private readonly base: string,
    record: IdSetRecord,
    private readonly store: ChunkStore,
    private readonly limits: IdSetLimits = DEFAULT_ID_SET_LIMITS,
  ) {
    this.recent = [...record.recent];
    this.recentIndex = new Set(this.recent);
    this.chunkCount = record.chunks;
  }

  chunkKey(index: number): string {
    return idSetChunkKey(this.base, index);
  }

  get size(): number {
    if (this.sealed === null) return this.recent.length;
    let n = this.recent.length;
    for (const ids of this.sealed.values()) n += ids.length;
    return n;
  }

  get isDirty(): boolean {
    return this.changed;
  }

  /** True when the id was recorded. Loads the sealed chunks on the first inline miss. */
  async has(id: string | number): Promise<boolean> {
    const key = String(id);
    if (this.recentIndex.has(key)) return true;
    if (this.chunkCount === 0) return false;
    await this.loadSealed();
    return this.sealedIndex?.has(key) ?? false;
  }

  /** Synchronous check of the inline part only (for callers that batch the slow path). */
  hasRecent(id: string | number): boolean {
    return this.recentIndex.has(String(id));
  }

  async add(ids: Iterable<string | number>): Promise<void> {
    for (const raw of ids) {
      const id = String(raw);
      if (await this.has(id)) continue;
      this.recent.push(id);
      this.recentIndex.add(id);
      this.changed = true;
    }
    if (this.recent.length > this.limits.recentMax) await this.seal();
  }

  /** Moves the inline ids into the last chunk (or a new one when it is full). */
  private async seal(): Promise<void> {
    await this.loadSealed();
    const sealed = this.sealed as Map<number, string[]>;
    const sealedIndex = this.sealedIndex as Set<string>;
    let pending = this.recent;
    while (pending.length > 0) {
      const lastIndex = this.chunkCount - 1;
      const last = lastIndex >= 0 ? sealed.get(lastIndex) : undefined;
      if (last && last.length < this.limits.chunkMax) {
        const room = this.limits.chunkMax - last.length;
        last.push(...pending.slice(0, room));
        pending = pending.slice(room);
        this.dirtyChunks.add(lastIndex);
      } else {
        const index = this.chunkCount;
        sealed.set(index, pending.slice(0, this.limits.chunkMax));
        pending = pending.slice(this.limits.chunkMax);
        this.chunkCount += 1;
        this.dirtyChunks.add(index);
      }
    }
    for (const id of this.recent) sealedIndex.add(id);
    this.recent = [];
    this.recentIndex = new Set();
    this.changed = true;
  }

  private async loadSealed(): Promise<void> {
    if (this.sealed !== null) return;
    const keys = Array.from({ length: this.chunkCount }, (_, i) => this.chunkKey(i));
    const values = keys.length > 0 ? await this.store.getMany(keys) : new Map<string, unknown>();
    const sealed = new Map<number, string[]>();
    const index = new Set<string>();
    keys.forEach((key, i) => {
      const raw = values.get(key);
      // A missing chunk can only come from a crash before the owner was written, which the
      // write order rules out; treat it as empty rather than failing the link for good.
      const parsed = raw === undefined ? { ids: [] } : idChunkSchema.parse(raw);
      sealed.set(i, parsed.ids);
      for (const id of parsed.ids) index.add(id);
    });
    this.sealed = sealed;
    this.sealedIndex = index;
  }

  /** The inline record to store in the owner. */
  toRecord(): IdSetRecord {
    return { recent: [...this.recent], chunks: this.chunkCount };
  }

  /** Chunk records to write before the owner record; clears the dirty marks. */
  takeDirtyChunks(): { key: string; value: { ids: string[] } }[] {
    const out: { key: string; value: { ids: string[] } }[] = [];
    for (const index of [...this.dirtyChunks].sort((a, b) => a - b)) {
      const ids = this.sealed?.get(index) ?? [];
      out.push({ key: this.chunkKey(index), value: { ids: [...ids] } });
    }
    this.dirtyChunks.clear();
    return out;
  }

  markSaved(): void {
    this.changed = false;
  }

  allChunkKeys(): string[] {
    return Array.from({ length: this.chunkCount }, (_, i) => this.chunkKey(i));
  }
}
