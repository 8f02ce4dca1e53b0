import { describe, expect, it } from 'vitest';
import { useJiraSim } from '../support/setup.js';

const t = useJiraSim({ seed: { attachmentMaxBytes: 1024 } });

type Attachment = {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  content: string;
  author: { accountId: string };
};

function form(parts: [name: string, content: string, filename: string, type: string][]): FormData {
  const data = new FormData();
  for (const [name, content, filename, type] of parts)
    data.append(name, new Blob([content], { type }), filename);
  return data;
}

const NO_CHECK = { 'x-atlassian-token': 'no-check' };

describe('POST /rest/api/3/issue/{issueIdOrKey}/attachments', () => {
  it('needs X-Atlassian-Token: no-check (403 "XSRF check failed" without it)', async () => {
    const res = await t.agent.request('POST', '/rest/api/3/issue/SUP-2/attachments', {
      body: form([['file', 'x', 'a.txt', 'text/plain']]),
    });
    expect(res.status).toBe(403);
    expect(res.text).toBe('XSRF check failed');
    expect(t.sim.state.issue('SUP-2')?.attachmentIds).toEqual([]);
  });

  it('stores every `file` part and answers with a JSON array of Attachment', async () => {
    const res = await t.agent.request('POST', '/rest/api/3/issue/SUP-2/attachments', {
      body: form([
        ['file', 'hello world', 'hello.txt', 'text/plain'],
        ['file', '{"a":1}', 'data.json', 'application/json'],
      ]),
      headers: NO_CHECK,
    });
    expect(res.status).toBe(200);
    const list = res.json<Attachment[]>();
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((a) => [a.filename, a.mimeType, a.size])).toEqual([
      ['hello.txt', 'text/plain', 11],
      ['data.json', 'application/json', 7],
    ]);
    expect(list[0]?.author.accountId).toBe(t.user('agent').accountId);
    expect(list[0]?.content).toBe(`${t.sim.url}/rest/api/3/attachment/content/${list[0]?.id}`);
  });

  it('ignores parts not named `file` (empty array) and refuses non-multipart bodies', async () => {
    const res = await t.agent.request('POST', '/rest/api/3/issue/SUP-2/attachments', {
      body: form([['attachment', 'x', 'x.txt', 'text/plain']]),
      headers: NO_CHECK,
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual([]);
    const json = await t.agent.request('POST', '/rest/api/3/issue/SUP-2/attachments', {
      body: { file: 'x' },
      headers: NO_CHECK,
    });
    expect(json.status).toBe(415);
  });

  it('accepts the deprecated `nocheck` spelling', async () => {
    const res = await t.agent.request('POST', '/rest/api/3/issue/SUP-2/attachments', {
      body: form([['file', 'x', 'legacy.txt', 'text/plain']]),
      headers: { 'x-atlassian-token': 'nocheck' },
    });
    expect(res.status).toBe(200);
  });

  it('413 above the site’s attachment size limit; 404 for an unknown issue', async () => {
    const big = await t.agent.request('POST', '/rest/api/3/issue/SUP-2/attachments', {
      body: form([['file', 'x'.repeat(2048), 'big.bin', 'application/octet-stream']]),
      headers: NO_CHECK,
    });
    expect(big.status).toBe(413);
    const missing = await t.agent.request('POST', '/rest/api/3/issue/SUP-404/attachments', {
      body: form([['file', 'x', 'x.txt', 'text/plain']]),
      headers: NO_CHECK,
    });
    expect(missing.status).toBe(404);
  });
});

describe('attachment metadata and content', () => {
  async function upload(content: string, filename = 'range.txt'): Promise<Attachment> {
    const res = await t.agent.request('POST', '/rest/api/3/issue/SUP-2/attachments', {
      body: form([['file', content, filename, 'text/plain']]),
      headers: NO_CHECK,
    });
    const [first] = res.json<Attachment[]>();
    if (first === undefined) throw new Error('no attachment');
    return first;
  }

  it('GET /attachment/{id} returns AttachmentMetadata', async () => {
    const a = await upload('metadata');
    const res = await t.browse.get(`/rest/api/3/attachment/${a.id}`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      id: Number(a.id),
      filename: 'range.txt',
      size: 8,
      mimeType: 'text/plain',
    });
  });

  it('content: 303 to a download location on the same server that serves the bytes without auth', async () => {
    const a = await upload('redirected bytes');
    const res = await t.agent.get(`/rest/api/3/attachment/content/${a.id}`);
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(t.sim.url)).toBe(true);
    const download = await t.http.get(location);
    expect(download.status).toBe(200);
    expect(download.text).toBe('redirected bytes');
    expect(download.headers.get('content-type')).toBe('text/plain');
    const forged = await t.http.get(location.replace(/token=\w+/, 'token=forged'));
    expect(forged.status).toBe(401);
  });

  it('content: redirect=false answers 200 with the bytes; Range gives 206, 416 or 400', async () => {
    const a = await upload('0123456789');
    const direct = await t.agent.get(`/rest/api/3/attachment/content/${a.id}?redirect=false`);
    expect(direct.status).toBe(200);
    expect(direct.text).toBe('0123456789');
    const part = await t.agent.get(`/rest/api/3/attachment/content/${a.id}?redirect=false`, {
      headers: { range: 'bytes=2-4' },
    });
    expect(part.status).toBe(206);
    expect(part.text).toBe('234');
    expect(part.headers.get('content-range')).toBe('bytes 2-4/10');
    const suffix = await t.agent.get(`/rest/api/3/attachment/content/${a.id}?redirect=false`, {
      headers: { range: 'bytes=-3' },
    });
    expect(suffix.text).toBe('789');
    const beyond = await t.agent.get(`/rest/api/3/attachment/content/${a.id}?redirect=false`, {
      headers: { range: 'bytes=50-60' },
    });
    expect(beyond.status).toBe(416);
    const malformed = await t.agent.get(`/rest/api/3/attachment/content/${a.id}?redirect=false`, {
      headers: { range: 'lines=1-2' },
    });
    expect(malformed.status).toBe(400);
  });

  it('binary content survives the round trip', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13, 0]);
    const data = new FormData();
    data.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), 'blob.bin');
    const res = await t.agent.request('POST', '/rest/api/3/issue/SUP-2/attachments', {
      body: data,
      headers: NO_CHECK,
    });
    const [a] = res.json<Attachment[]>();
    const back = await t.agent.get(`/rest/api/3/attachment/content/${a?.id}?redirect=false`);
    expect(back.bytes.equals(bytes)).toBe(true);
  });
});
