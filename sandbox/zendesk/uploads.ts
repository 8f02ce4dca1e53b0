/**
 * Upload tokens and attachments (spec UploadFiles, docs/contracts/zendesk-api.md § Uploads): POST
 * /api/v2/uploads stores a file and returns a token; passing the token again adds more files to the same
 * upload; a comment consumes the token through `comment.uploads`. Tokens live three days.
 */
import { randomBytes } from 'node:crypto';
import type { SimClock } from './clock';
import type { ZendeskState } from './state';
import type { AttachmentContent, AttachmentRecord, UploadRecord } from './types';

export const UPLOAD_TTL_MS = 3 * 24 * 60 * 60 * 1000;
/** Zendesk's attachment size limit (50 MB per file). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) % ALPHABET.length];
  return out;
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  bin: 'application/octet-stream',
};

/** Content type from the request header, falling back to the file extension like Zendesk does. */
export function contentTypeFor(fileName: string, header: string | undefined): string {
  const declared = header?.split(';')[0]?.trim();
  if (declared && declared !== 'application/x-www-form-urlencoded' && declared !== 'application/binary')
    return declared;
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  return TYPES_BY_EXTENSION[ext] ?? 'application/octet-stream';
}

export interface NewFile {
  fileName: string;
  contentType: string;
  content: AttachmentContent;
  inline?: boolean;
}

export function createAttachment(state: ZendeskState, clock: SimClock, file: NewFile): AttachmentRecord {
  const size = file.content.kind === 'bytes' ? file.content.bytes.length : file.content.size;
  const att: AttachmentRecord = {
    id: state.nextId('attachment'),
    token: randomToken(25),
    fileName: file.fileName,
    contentType: file.contentType,
    size,
    inline: file.inline ?? false,
    content: file.content,
    commentId: null,
    uploadToken: null,
    width: null,
    height: null,
    malwareScanResult: 'malware_not_found',
    createdAt: clock.now(),
  };
  state.putAttachment(att);
  return att;
}

/** Stores a file; with `token` it joins that upload (when still valid), otherwise starts a new one. */
export function addUpload(
  state: ZendeskState,
  clock: SimClock,
  uploaderId: number,
  file: NewFile,
  token?: string,
): { upload: UploadRecord; attachment: AttachmentRecord } {
  const now = clock.now();
  let upload = token ? state.uploads.get(token) : undefined;
  if (upload && (upload.consumed || upload.expiresAt <= now)) upload = undefined;
  if (!upload) {
    upload = {
      token: randomToken(25),
      attachmentIds: [],
      uploaderId,
      createdAt: now,
      expiresAt: now + UPLOAD_TTL_MS,
      consumed: false,
    };
    state.uploads.set(upload.token, upload);
  }
  const attachment = createAttachment(state, clock, file);
  attachment.uploadToken = upload.token;
  upload.attachmentIds.push(attachment.id);
  return { upload, attachment };
}

/**
 * Attachments of the given upload tokens, marking the uploads consumed. Unknown, expired or
 * already used tokens are skipped: Zendesk does not document an error for them [unverified].
 */
export function consumeUploads(
  state: ZendeskState,
  clock: SimClock,
  tokens: readonly string[],
): AttachmentRecord[] {
  const now = clock.now();
  const out: AttachmentRecord[] = [];
  for (const token of tokens) {
    const upload = state.uploads.get(token);
    if (!upload || upload.consumed || upload.expiresAt <= now) continue;
    upload.consumed = true;
    for (const id of upload.attachmentIds) {
      const att = state.attachments.get(id);
      if (att) out.push(att);
    }
  }
  return out;
}
