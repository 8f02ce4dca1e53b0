/**
 * Reads a download's bytes under a size limit: refused up front when Content-Length already
 * says too much, and checked again on what actually arrived (the header may be absent or wrong).
 */
import { AppError } from './errors';

export async function readBoundedBytes(
  res: { headers: { get(name: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> },
  maxBytes: number | undefined,
): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (maxBytes !== undefined && Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError(
      'ATTACHMENT_TOO_LARGE',
      `The attachment is ${declared} bytes, above the ${maxBytes} byte limit`,
    );
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (maxBytes !== undefined && bytes.byteLength > maxBytes) {
    throw new AppError(
      'ATTACHMENT_TOO_LARGE',
      `The attachment is ${bytes.byteLength} bytes, above the ${maxBytes} byte limit`,
    );
  }
  return bytes;
}
