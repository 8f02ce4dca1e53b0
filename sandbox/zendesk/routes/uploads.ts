/**
 * POST /api/v2/uploads?filename=…[&token=…] with the raw file as body → 201
 * {"upload":{"token","expires_at","attachment","attachments"}} (spec UploadFiles, AttachmentUploadResponse).
 * DELETE /api/v2/uploads/{token} → 204. Files are downloaded from the attachment host; on the API
 * host /attachments/token/{token} redirects there, since content_url may live outside Zendesk (spec
 * AttachmentBaseObject.content_url) and clients must not send Zendesk credentials to it.
 */
import { isoSeconds } from '../clock';
import { contentStream } from '../content';
import type { SimContext } from '../context';
import { recordNotFound, simpleError } from '../errors';
import { currentUser, type SimResponse } from '../http';
import type { Router } from '../router';
import { attachmentJson } from '../serialize';
import type { ZendeskState } from '../state';
import { addUpload, contentTypeFor, MAX_UPLOAD_BYTES } from '../uploads';

export function registerUploadRoutes(router: Router, ctx: SimContext): void {
  const { state, clock } = ctx;

  router.add('POST', '/api/v2/uploads', 'end-user', (req) => {
    const user = currentUser(req);
    if (!user) throw new Error('route reached without an authenticated user');
    const fileName = req.query.get('filename');
    if (!fileName) return simpleError(400, 'InvalidValue', 'filename parameter is required'); // [unverified text]
    if (req.body.length > MAX_UPLOAD_BYTES)
      return simpleError(413, 'AttachmentTooBig', 'Attachment exceeds the 50 MB limit'); // [unverified text]
    const contentType = contentTypeFor(
      fileName,
      typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : undefined,
    );
    const token = req.query.get('token') ?? undefined;
    const { upload, attachment } = addUpload(
      state,
      clock,
      user.id,
      { fileName, contentType, content: { kind: 'bytes', bytes: Buffer.from(req.body) } },
      token,
    );
    const attachments = upload.attachmentIds
      .map((id) => state.attachments.get(id))
      .filter((a) => a !== undefined)
      .map((a) => attachmentJson(state, a));
    return {
      status: 201,
      body: {
        upload: {
          token: upload.token,
          expires_at: isoSeconds(upload.expiresAt),
          attachment: attachmentJson(state, attachment),
          attachments,
        },
      },
    };
  });

  router.add('DELETE', '/api/v2/uploads/:token', 'end-user', (req) => {
    const upload = state.uploads.get(req.params.token ?? '');
    if (!upload || upload.consumed) return recordNotFound();
    state.uploads.delete(upload.token);
    return { status: 204 };
  });

  router.add('GET', '/attachments/token/:token', 'anyone', (req) => {
    const att = state.attachmentsByToken.get(req.params.token ?? '');
    if (!att) return recordNotFound();
    const name = req.query.get('name') ?? att.fileName;
    return {
      status: 302,
      headers: {
        location: `${state.attachmentBase}/attachments/token/${att.token}/?name=${encodeURIComponent(name)}`,
      },
    };
  });
}

/** Serves a download on the attachment host. No Zendesk authentication is involved. */
export function downloadAttachment(state: ZendeskState, path: string, method: string): SimResponse {
  const m = /^\/attachments\/token\/([^/]+)$/.exec(path);
  if (!m?.[1] || (method !== 'GET' && method !== 'HEAD')) return recordNotFound();
  const att = state.attachmentsByToken.get(m[1]);
  if (!att) return recordNotFound();
  const headers = {
    'content-type': att.contentType,
    'content-length': String(att.size),
    // Header values must be Latin-1: the plain filename is an ASCII fallback, filename* carries UTF-8.
    'content-disposition': `attachment; filename="${att.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(att.fileName)}`,
  };
  if (method === 'HEAD') return { status: 200, headers, raw: Buffer.alloc(0) };
  return { status: 200, headers, stream: () => contentStream(att.content) };
}
