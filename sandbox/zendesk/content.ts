/**
 * Attachment bytes. Seeded attachments are described by (seed, size) and regenerated chunk by chunk
 * when downloaded, so a benchmark seed with many large files holds no file bytes in memory.
 */
import { Readable } from 'node:stream';
import { createRng } from './rng';
import type { AttachmentContent } from './types';

const CHUNK = 64 * 1024;
const TEXT_ALPHABET = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:\n';

function generatedChunk(seed: number, index: number, length: number, text: boolean): Buffer {
  // Each chunk has its own stream of numbers, so any chunk can be produced without the ones before it.
  const rng = createRng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const out = Buffer.allocUnsafe(length);
  if (text) {
    for (let i = 0; i < length; i++)
      out[i] = TEXT_ALPHABET.charCodeAt(Math.floor(rng() * TEXT_ALPHABET.length));
    return out;
  }
  // Four bytes per draw keeps a 10 MB download fast.
  let i = 0;
  for (; i + 4 <= length; i += 4) out.writeUInt32LE(Math.floor(rng() * 4294967296), i);
  for (; i < length; i++) out[i] = Math.floor(rng() * 256);
  return out;
}

export function contentSize(content: AttachmentContent): number {
  return content.kind === 'bytes' ? content.bytes.length : content.size;
}

export function contentStream(content: AttachmentContent): Readable {
  if (content.kind === 'bytes') return Readable.from([content.bytes]);
  const { seed, size, text } = content;
  let index = 0;
  return new Readable({
    read() {
      const offset = index * CHUNK;
      if (offset >= size) {
        this.push(null);
        return;
      }
      this.push(generatedChunk(seed, index, Math.min(CHUNK, size - offset), text));
      index++;
    },
  });
}

/** Whole content as one buffer: for tests and small files only. */
export async function contentBuffer(content: AttachmentContent): Promise<Buffer> {
  if (content.kind === 'bytes') return content.bytes;
  const parts: Buffer[] = [];
  for await (const part of contentStream(content)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
