/**
 * Issue attachments: upload one file as multipart/form-data and read one's bytes, bounded.
 */
import { route } from '@forge/api';
import { readBoundedBytes } from '../util/boundedBody';
import { jiraErrorFromBody } from './errors';
import { attachmentsSchema, type JiraAttachment } from './schemas';
import { idParam, type JiraTransport } from './transport';

/** A file to upload: its name, its bytes and their media type (default application/octet-stream). */
export interface JiraFileWrite {
  filename: string;
  bytes: Uint8Array;
  contentType?: string | undefined;
}

export interface JiraAttachmentCalls {
  addAttachment(issueIdOrKey: string, file: JiraFileWrite): Promise<JiraAttachment[]>;
  getAttachmentContent(attachmentId: string, options?: { maxBytes?: number }): Promise<Uint8Array>;
}

/**
 * multipart/form-data body with one part named `file` (docs/contracts/jira-api.md § Attachments), built by
 * hand so it is plain bytes.
 */
export function multipartFile(
  filename: string,
  bytes: Uint8Array,
  contentType: string,
): { body: ArrayBuffer; contentType: string } {
  const boundary = `----forge-zd-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  // Quote escaping as browsers do it (HTML spec multipart/form-data encoding).
  const safeName = filename.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const safeType = contentType.replace(/[\r\n]/g, '') || 'application/octet-stream';
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${safeType}\r\n\r\n`,
  );
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const out = new Uint8Array(head.byteLength + bytes.byteLength + tail.byteLength);
  out.set(head, 0);
  out.set(bytes, head.byteLength);
  out.set(tail, head.byteLength + bytes.byteLength);
  return { body: out.buffer, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function attachmentCalls(t: JiraTransport): JiraAttachmentCalls {
  return {
    async addAttachment(issueIdOrKey, { filename, bytes, contentType = 'application/octet-stream' }) {
      const form = multipartFile(filename, bytes, contentType);
      // @forge/api's requestJira does not add this header itself (only @forge/bridge does);
      // without it Jira blocks the upload as XSRF (docs/contracts/jira-api.md § Attachments).
      return t.call(
        route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}/attachments`,
        {
          method: 'POST',
          raw: { body: form.body, contentType: form.contentType },
          headers: { 'X-Atlassian-Token': 'no-check' },
        },
        attachmentsSchema,
      );
    },

    async getAttachmentContent(attachmentId, opts = {}) {
      // redirect=false answers 200 with the bytes instead of a 303 to a download URL.
      const res = await t.send(
        route`/rest/api/3/attachment/content/${idParam(attachmentId, 'attachment')}?redirect=false`,
        { method: 'GET', headers: { Accept: '*/*' } },
      );
      if (res.status < 200 || res.status >= 300)
        throw jiraErrorFromBody(res.status, await res.text().catch(() => ''));
      return readBoundedBytes(res, opts.maxBytes);
    },
  };
}
