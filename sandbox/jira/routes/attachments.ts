/**
 * Attachments: upload (multipart, XSRF header), metadata, content (303 to a
 * download location by default, bytes with `redirect=false`, `Range` → 206).
 */
import { randomBytes } from 'node:crypto';
import { JiraError, MESSAGES, PlainTextError, type SimResponse } from '../errors.js';
import { addAttachments, type FileInput } from '../mutations.js';
import { renderAttachment, renderAttachmentMetadata } from '../renderIssue.js';
import type { RequestContext, RouteDef } from '../router.js';
import type { AttachmentRecord } from '../types.js';
import { json, param, visibleIssue } from './common.js';

/** The attachment if the caller may see its issue; 404 if unknown, 403 if hidden [spec getAttachment]. */
function readableAttachment(ctx: RequestContext): AttachmentRecord {
  const { state } = ctx.sim;
  const id = param(ctx, 'id');
  const attachment = state.attachments.get(id);
  const issue = attachment === undefined ? undefined : state.issues.get(attachment.issueId);
  if (attachment === undefined || issue === undefined) {
    throw new JiraError(404, [`The attachment with id '${id}' does not exist`]);
  }
  if (!state.canBrowse(ctx.account.accountId, state.projectOf(issue))) {
    throw new JiraError(403, [`You do not have permission to view attachment with id: ${id}`]);
  }
  return attachment;
}

/** Serves bytes, honouring a single `Range: bytes=a-b` (206; 400 malformed; 416 unsatisfiable). */
export function sendBytes(attachment: AttachmentRecord, range: string | undefined): SimResponse {
  const size = attachment.content.length;
  const headers: Record<string, string> = {
    'content-type': attachment.mimeType,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
    'accept-ranges': 'bytes',
  };
  if (range === undefined) return { status: 200, headers, body: attachment.content };
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (m === null || (m[1] === '' && m[2] === '')) {
    throw new JiraError(400, ['The range supplied in the Range header is malformed.']);
  }
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
  }
  if (start >= size || start > end) {
    throw new JiraError(
      416,
      ['The requested range cannot be satisfied.'],
      {},
      { 'content-range': `bytes */${size}` },
    );
  }
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}` },
    body: attachment.content.subarray(start, end + 1),
  };
}

async function uploadedFiles(ctx: RequestContext): Promise<FileInput[]> {
  const contentType = ctx.req.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new JiraError(415, ['The request must be multipart/form-data.']);
  }
  const body = await ctx.body();
  let form: FormData;
  try {
    // Node's fetch implementation (undici) parses multipart bodies; no extra dependency.
    form = await new Request('http://jira-sim.invalid/upload', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    throw JiraError.badRequest('The multipart/form-data body could not be parsed.');
  }
  const files: FileInput[] = [];
  for (const part of form.getAll('file')) {
    if (typeof part === 'string') continue;
    files.push({
      filename: part.name,
      mimeType:
        part.type === ''
          ? 'application/octet-stream'
          : (part.type.split(';')[0] ?? 'application/octet-stream'),
      content: Buffer.from(await part.arrayBuffer()),
    });
  }
  return files;
}

export const attachmentRoutes: RouteDef[] = [
  {
    method: 'POST',
    template: '/rest/api/3/issue/{issueIdOrKey}/attachments',
    handler: async (ctx) => {
      // Multipart endpoints need `X-Atlassian-Token: no-check` (`nocheck` is the deprecated spelling).
      const token = String(ctx.req.headers['x-atlassian-token'] ?? '').toLowerCase();
      if (token !== 'no-check' && token !== 'nocheck') throw new PlainTextError(403, MESSAGES.xsrf);
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      const files = await uploadedFiles(ctx);
      // Parts not named `file` are ignored and the answer is an empty array
      // [3p console-helpers/jira-api-restclient#48: an upload Jira did not take came back as []].
      const created = files.length === 0 ? [] : addAttachments(ctx.sim, ctx.account.accountId, issue, files);
      return json(
        200,
        created.map((a) => renderAttachment(ctx.sim.state, a)),
      );
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/attachment/{id}',
    handler: (ctx) => json(200, renderAttachmentMetadata(ctx.sim.state, readableAttachment(ctx))),
  },
  {
    method: 'GET',
    template: '/rest/api/3/attachment/content/{id}',
    handler: (ctx) => {
      const attachment = readableAttachment(ctx);
      if (ctx.query.get('redirect') === 'false') return sendBytes(attachment, ctx.req.headers.range);
      // Jira redirects to a short-lived media URL that needs no Authorization header.
      const token = randomBytes(16).toString('hex');
      ctx.sim.state.downloads.set(token, {
        attachmentId: attachment.id,
        expires: ctx.sim.now().getTime() + 10 * 60_000,
      });
      const location = `${ctx.sim.state.baseUrl}/__sim/media/${attachment.id}/${encodeURIComponent(attachment.filename)}?token=${token}`;
      return { status: 303, headers: { location } };
    },
  },
];
