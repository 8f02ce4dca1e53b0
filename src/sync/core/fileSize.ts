/** The connector's file-size rule, used by both directions. */

/**
 * Files above 10 MB are not copied in either direction (docs/contracts/connector-rules.md § File size limit).
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
