import { beforeAll, describe, expect, it } from 'vitest';
import { arr, call, obj, useSim } from '../support/simHttp';

const sim = useSim({ seed: { tickets: 3, commentsPerTicket: 7, attachments: 6 } });
let ticketId: number;

beforeAll(async () => {
  ticketId = 1;
  // One more internal note with HTML that must be sanitized.
  sim.control.addComment(ticketId, {
    htmlBody: '<p>note <script>alert(1)</script><b onclick="x()">bold</b></p>',
    public: false,
  });
});

describe('ticket comments', () => {
  it('walks cursor pages to the end with meta.has_more, after_cursor and links.next', async () => {
    const total = sim.state.tickets.get(ticketId)?.commentIds.length ?? 0;
    expect(total).toBe(8);
    const seen: unknown[] = [];
    let path = `/api/v2/tickets/${ticketId}/comments.json?page[size]=3`;
    let pages = 0;
    for (;;) {
      const res = await call(sim, path);
      expect(res.status).toBe(200);
      const body = obj(res.json);
      const comments = arr(body.comments).map(obj);
      expect(comments.length).toBeLessThanOrEqual(3);
      seen.push(...comments.map((c) => c.id));
      pages++;
      const meta = obj(body.meta);
      if (meta.has_more !== true) break;
      const next = String(obj(body.links).next);
      expect(next).toContain(`page[after]=${String(meta.after_cursor)}`);
      expect(next.startsWith('https://acme.zendesk.com/api/v2/tickets/')).toBe(true);
      path = next.replace('https://acme.zendesk.com', '');
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(sim.state.tickets.get(ticketId)?.commentIds);
  });

  it('orders by created_at ascending, or descending with sort=-created_at', async () => {
    const asc = arr(
      obj((await call(sim, `/api/v2/tickets/${ticketId}/comments?page[size]=100`)).json).comments,
    ).map((c) => obj(c).id);
    const desc = arr(
      obj((await call(sim, `/api/v2/tickets/${ticketId}/comments?page[size]=100&sort=-created_at`)).json)
        .comments,
    ).map((c) => obj(c).id);
    expect(desc).toEqual([...asc].reverse());
  });

  it('uses offset pagination without page[size]', async () => {
    const res = await call(sim, `/api/v2/tickets/${ticketId}/comments.json?per_page=5`);
    const body = obj(res.json);
    expect(body.count).toBe(8);
    expect(arr(body.comments)).toHaveLength(5);
    expect(String(body.next_page)).toContain('page=2');
    expect(body.previous_page).toBeNull();
  });

  it('refuses page[size] above 100', async () => {
    const res = await call(sim, `/api/v2/tickets/${ticketId}/comments?page[size]=101`);
    expect(res.status).toBe(400);
    expect(arr(obj(res.json).errors).length).toBe(1);
  });

  it('returns full comment objects with bodies, visibility, attachments and via', async () => {
    const comments = arr(
      obj((await call(sim, `/api/v2/tickets/${ticketId}/comments?page[size]=100`)).json).comments,
    ).map(obj);
    for (const c of comments) {
      expect(c.type).toBe('Comment');
      expect(typeof c.author_id).toBe('number');
      expect(typeof c.body).toBe('string');
      expect(String(c.html_body)).toContain('zd-comment');
      expect(typeof c.plain_body).toBe('string');
      expect(typeof c.public).toBe('boolean');
      expect(c.created_at).toMatch(/Z$/);
      expect(obj(c.via).channel).toBeTruthy();
    }
    expect(comments.some((c) => c.public === false)).toBe(true);
    const withFiles = comments.flatMap((c) => arr(c.attachments).map(obj));
    expect(withFiles.length).toBeGreaterThan(0);
    for (const a of withFiles) {
      expect(String(a.content_url)).toMatch(
        /^https:\/\/acme\.zdusercontent\.com\/attachments\/token\/[A-Za-z0-9]+\/\?name=/,
      );
      expect(typeof a.size).toBe('number');
      expect(a.inline).toBe(false);
    }
  });

  it('lists inline images only with include_inline_images=true', async () => {
    const count = async (query: string) =>
      arr(obj((await call(sim, `/api/v2/tickets/${ticketId}/comments?page[size]=100${query}`)).json).comments)
        .flatMap((c) => arr(obj(c).attachments))
        .map(obj);
    const plain = await count('');
    const all = await count('&include_inline_images=true');
    expect(all.length).toBe(plain.length + 1);
    expect(all.some((a) => a.inline === true)).toBe(true);
  });

  it('strips script and event handlers from HTML comments but keeps literal text in plain bodies', async () => {
    const comments = arr(
      obj((await call(sim, `/api/v2/tickets/${ticketId}/comments?page[size]=100`)).json).comments,
    ).map(obj);
    const note = comments[comments.length - 1];
    expect(note?.public).toBe(false);
    expect(String(note?.html_body)).not.toMatch(/<script|onclick/);
    expect(String(note?.html_body)).toContain('<b>bold</b>');
    const all = [...sim.state.comments.values()];
    expect(
      all.some(
        (c) => c.body.includes('<script>alert("xss")</script>') && c.htmlBody.includes('&lt;script&gt;'),
      ),
    ).toBe(true);
  });

  it('redacts text in a comment via the API', async () => {
    const target = sim.state.comments.get(sim.state.tickets.get(ticketId)?.commentIds[0] ?? 0);
    if (!target) throw new Error('no comment to redact');
    const word = 'morning';
    expect(target.plainBody).toContain(word);
    const res = await call(sim, `/api/v2/tickets/${ticketId}/comments/${target.id}/redact.json`, {
      method: 'PUT',
      body: { text: word },
    });
    expect(res.status).toBe(200);
    expect(String(obj(obj(res.json).comment).plain_body)).not.toContain(word);
    expect(String(obj(obj(res.json).comment).plain_body)).toContain('▇');
  });

  it('404s comments of an unknown ticket', async () => {
    expect((await call(sim, '/api/v2/tickets/424242/comments')).status).toBe(404);
  });
});
