import { describe, expect, it } from 'vitest';
import { LARGE_ATTACHMENT_SIZE } from '../../../sandbox/zendesk/index';
import { arr, call, obj, useSim } from './support/simHttp';

const sim = useSim();

async function upload(name: string, bytes: Buffer, contentType: string, token?: string) {
  const res = await call(
    sim,
    `/api/v2/uploads.json?filename=${encodeURIComponent(name)}${token ? `&token=${token}` : ''}`,
    {
      method: 'POST',
      rawBody: bytes,
      headers: { 'content-type': contentType },
    },
  );
  expect(res.status).toBe(201);
  return obj(obj(res.json).upload);
}

describe('uploads and attachments', () => {
  it('uploads files into one token, attaches them with a comment and serves them from the attachment host', async () => {
    const first = Buffer.from('first file ✓\n', 'utf8');
    const second = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
    const u1 = await upload('notes.txt', first, 'text/plain');
    const token = String(u1.token);
    expect(obj(u1.attachment).file_name).toBe('notes.txt');
    const u2 = await upload('Bild ü.png', second, 'image/png', token);
    expect(u2.token).toBe(token);
    expect(arr(u2.attachments)).toHaveLength(2);

    const ticket = [...sim.state.tickets.values()].find((t) => t.status === 'open');
    if (!ticket) throw new Error('no open ticket');
    const put = await call(sim, `/api/v2/tickets/${ticket.id}.json`, {
      method: 'PUT',
      body: {
        ticket: {
          comment: { body: 'Files from Jira', public: true, uploads: [token] },
          metadata: { type: 'jira-attachment-sync' },
        },
      },
    });
    expect(put.status).toBe(200);

    const comments = arr(
      obj((await call(sim, `/api/v2/tickets/${ticket.id}/comments.json?sort_order=desc&per_page=1`)).json)
        .comments,
    ).map(obj);
    const comment = comments[0];
    expect(comment?.body).toBe('Files from Jira');
    expect(obj(comment?.metadata).custom).toEqual({ type: 'jira-attachment-sync' });
    const attachments = arr(comment?.attachments).map(obj);
    expect(attachments.map((a) => a.file_name)).toEqual(['notes.txt', 'Bild ü.png']);

    for (const [i, expected] of [first, second].entries()) {
      const url = new URL(String(attachments[i]?.content_url));
      expect(url.host).toBe('acme.zdusercontent.com');
      // No Zendesk credentials: content_url may live outside Zendesk.
      const dl = await call(sim, `${url.pathname}${url.search}`, { host: url.host, as: 'none' });
      expect(dl.status).toBe(200);
      const res = await fetch(`${sim.url}${url.pathname}${url.search}`, {
        headers: { 'x-forwarded-host': url.host },
      });
      expect(Buffer.from(await res.arrayBuffer())).toEqual(expected);
      expect(res.headers.get('content-type')).toBe(i === 0 ? 'text/plain' : 'image/png');
    }

    // A consumed token cannot attach the files again.
    const again = await call(sim, `/api/v2/tickets/${ticket.id}.json`, {
      method: 'PUT',
      body: { ticket: { comment: { body: 'again', uploads: [token] } } },
    });
    const last = arr(obj(obj(again.json).audit).events)
      .map(obj)
      .find((e) => e.type === 'Comment');
    expect(arr(last?.attachments)).toEqual([]);
  });

  it('lets an end user upload, but needs authentication', async () => {
    await upload('from-customer.txt', Buffer.from('hi'), 'text/plain');
    const res = await call(sim, '/api/v2/uploads?filename=x.txt', {
      method: 'POST',
      rawBody: 'x',
      as: 'none',
    });
    expect(res.status).toBe(401);
  });

  it('requires a filename', async () => {
    const res = await call(sim, '/api/v2/uploads', { method: 'POST', rawBody: 'x' });
    expect(res.status).toBe(400);
  });

  it('redirects /attachments/token on the API host to the attachment host', async () => {
    const att = [...sim.state.attachments.values()][0];
    if (!att) throw new Error('no attachment');
    const res = await call(sim, `/attachments/token/${att.token}/?name=${encodeURIComponent(att.fileName)}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^https:\/\/acme\.zdusercontent\.com\/attachments\/token\//);
  });

  it('streams the seeded file larger than 10 MB with the advertised size', async () => {
    const large = [...sim.state.attachments.values()].find((a) => a.size === LARGE_ATTACHMENT_SIZE);
    if (!large) throw new Error('no large attachment');
    expect(large.content.kind).toBe('generated');
    const res = await fetch(`${sim.url}/attachments/token/${large.token}/?name=x`, {
      headers: { 'x-forwarded-host': sim.attachmentHost },
    });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(LARGE_ATTACHMENT_SIZE);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(LARGE_ATTACHMENT_SIZE);
    const again = Buffer.from(
      await (
        await fetch(`${sim.url}/attachments/token/${large.token}/`, {
          headers: { 'x-forwarded-host': sim.attachmentHost },
        })
      ).arrayBuffer(),
    );
    expect(again.equals(bytes)).toBe(true);
  });

  it('404s an unknown attachment token and serves nothing but downloads on the attachment host', async () => {
    expect(
      (await call(sim, '/attachments/token/nope/', { host: sim.attachmentHost, as: 'none' })).status,
    ).toBe(404);
    expect((await call(sim, '/api/v2/tickets/1.json', { host: sim.attachmentHost })).status).toBe(404);
  });
});
