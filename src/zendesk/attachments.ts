/**
 * Files both ways: uploads (the token a comment then attaches) and attachment downloads.
 * Downloads follow redirects by hand so every hop is checked against the egress hosts, and
 * Zendesk credentials never go to a host outside the account's zendesk.com
 * (docs/contracts/zendesk-api.md § Attachments).
 */
import { AppError } from '../util/errors';
import { readBoundedBytes } from '../util/boundedBody';
import { ZendeskApiError, zendeskErrorFromBody } from './errors';
import { uploadResponseSchema, type ZendeskUpload } from './schemas';
import type { RequestSpec, ZendeskTransport } from './transport';
import { isAllowedAttachmentUrl } from './urls';

export interface DownloadedAttachment {
  bytes: Uint8Array;
  contentType: string | null;
  size: number;
}

/** A file to upload: its name, its bytes and their media type (empty: application/octet-stream). */
export interface ZendeskFileWrite {
  filename: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface ZendeskAttachmentCalls {
  upload(
    file: ZendeskFileWrite,
    options?: { idempotencyKey?: string; token?: string },
  ): Promise<ZendeskUpload>;
  downloadAttachment(contentUrl: string, options?: { maxBytes?: number }): Promise<DownloadedAttachment>;
}

const MAX_REDIRECTS = 5;

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export function attachmentCalls(t: ZendeskTransport): ZendeskAttachmentCalls {
  return {
    async upload({ filename, bytes, contentType }, opts = {}) {
      if (filename.trim() === '') throw new AppError('BAD_PAYLOAD', 'An upload needs a file name');
      const spec: RequestSpec = {
        method: 'POST',
        path: '/api/v2/uploads.json',
        query: { filename, token: opts.token },
        raw: { bytes: toArrayBuffer(bytes), contentType: contentType || 'application/octet-stream' },
      };
      if (opts.idempotencyKey !== undefined) spec.idempotencyKey = opts.idempotencyKey;
      return (await t.request(spec, uploadResponseSchema)).upload;
    },

    async downloadAttachment(contentUrl, opts = {}) {
      let url: URL;
      try {
        url = new URL(contentUrl);
      } catch {
        throw new AppError('ATTACHMENT_URL_REFUSED', 'The attachment URL is not a valid URL');
      }
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        if (!isAllowedAttachmentUrl(url, t.subdomain)) {
          throw new AppError(
            'ATTACHMENT_URL_REFUSED',
            `Refusing to download an attachment from ${url.protocol}//${url.host}`,
          );
        }
        // Credentials go only to the account's own zendesk.com host
        // (docs/contracts/zendesk-api.md § Attachments).
        const headers: Record<string, string> =
          url.hostname === t.host ? { Authorization: await t.auth.header() } : {};
        const res = await t.send(
          url.toString(),
          { method: 'GET', headers, redirect: 'manual' },
          true,
          'attachment download',
        );
        if (res.status >= 300 && res.status < 400) {
          const location = res.headers.get('location');
          await res.text().catch(() => '');
          if (!location)
            throw new ZendeskApiError(
              res.status,
              'INVALID_RESPONSE',
              'Attachment redirect without a Location',
            );
          url = new URL(location, url);
          continue;
        }
        if (res.status < 200 || res.status >= 300)
          throw zendeskErrorFromBody(res.status, await res.text().catch(() => ''), t.secrets());
        const bytes = await readBoundedBytes(res, opts.maxBytes);
        return { bytes, contentType: res.headers.get('content-type'), size: bytes.byteLength };
      }
      throw new AppError('ATTACHMENT_URL_REFUSED', 'Too many redirects while downloading an attachment');
    },
  };
}
