import { describe, expect, it } from 'vitest';
import { adf, captureEvents, useJiraSim } from './support/setup.js';

const t = useJiraSim();

type Page = {
  startAt: number;
  maxResults: number;
  total: number;
  comments: { id: string; body: unknown; author: { accountId: string }; renderedBody?: string }[];
};

describe('comments', () => {
  it('adds an ADF comment (201 Comment) as the caller', async () => {
    const res = await t.agent.post('/rest/api/3/issue/SUP-2/comment', { body: adf('Looking into it') });
    expect(res.status).toBe(201);
    const comment = res.json<{
      id: string;
      self: string;
      author: { accountId: string };
      body: unknown;
      created: string;
      updated: string;
    }>();
    expect(comment.author.accountId).toBe(t.user('agent').accountId);
    expect(comment.body).toEqual(adf('Looking into it'));
    expect(comment.created).toBe(comment.updated);
    expect(comment.self).toBe(`${t.sim.url}/rest/api/3/issue/10001/comment/${comment.id}`);
    const one = await t.agent.get(`/rest/api/3/issue/SUP-2/comment/${comment.id}`);
    expect(one.json()).toEqual(comment);
  });

  it('validates the ADF root: version 1, type doc, content array, nothing else', async () => {
    const cases: [unknown, Record<string, string> | string[]][] = [
      ['plain text', { comment: 'Comment body is not valid!' }],
      [{ type: 'doc', version: 2, content: [] }, { comment: 'Comment body is not valid!' }],
      [{ type: 'doc', version: 1 }, { comment: 'Comment body is not valid!' }],
      [{ ...adf('x'), title: 'extra' }, { comment: 'Comment body is not valid!' }],
      [
        { type: 'doc', version: 1, content: [{ type: 'text', text: '' }] },
        { comment: 'Comment body is not valid!' },
      ],
      [{ type: 'doc', version: 1, content: [] }, { comment: 'Comment body can not be empty!' }],
      [undefined, { comment: 'Comment body can not be empty!' }],
    ];
    for (const [body, errors] of cases) {
      const res = await t.agent.post('/rest/api/3/issue/SUP-2/comment', body === undefined ? {} : { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json(), JSON.stringify(body)).toEqual({ errorMessages: [], errors });
    }
  });

  it('accepts richer ADF (marks, lists, mentions, hard breaks)', async () => {
    const body = {
      version: 1,
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'bold', marks: [{ type: 'strong' }] },
            { type: 'hardBreak' },
            { type: 'mention', attrs: { id: t.user('admin').accountId, text: '@Ada' } },
          ],
        },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [
                {
                  type: 'paragraph',
                  content: [
                    {
                      type: 'text',
                      text: 'one',
                      marks: [{ type: 'link', attrs: { href: 'https://example.com' } }],
                    },
                  ],
                },
              ],
            },
          ],
        },
        { type: 'paragraph', content: [] },
      ],
    };
    const res = await t.agent.post('/rest/api/3/issue/SUP-2/comment?expand=renderedBody', { body });
    expect(res.status).toBe(201);
    expect(res.json<{ renderedBody: string }>().renderedBody).toContain('<b>bold</b>');
  });

  it('pages with startAt/maxResults/total and orders by created', async () => {
    const key = (
      await t.agent.post('/rest/api/3/issue', {
        fields: { project: { key: 'SUP' }, issuetype: { id: '10001' }, summary: 'Chatty' },
      })
    ).json<{ key: string }>().key;
    for (let i = 1; i <= 7; i++) {
      expect(
        (await t.agent.post(`/rest/api/3/issue/${key}/comment`, { body: adf(`comment ${i}`) })).status,
      ).toBe(201);
    }
    const seen: string[] = [];
    for (let startAt = 0; ; startAt += 3) {
      const page = (
        await t.agent.get(`/rest/api/3/issue/${key}/comment?startAt=${startAt}&maxResults=3`)
      ).json<Page>();
      expect(page).toMatchObject({ startAt, maxResults: 3, total: 7 });
      seen.push(...page.comments.map((c) => c.id));
      if (startAt + 3 >= page.total) break;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const newest = (
      await t.agent.get(`/rest/api/3/issue/${key}/comment?orderBy=-created&maxResults=1`)
    ).json<Page>();
    expect(newest.comments[0]?.body).toEqual(adf('comment 7'));
    const oldest = (
      await t.agent.get(`/rest/api/3/issue/${key}/comment?orderBy=created&maxResults=1`)
    ).json<Page>();
    expect(oldest.comments[0]?.body).toEqual(adf('comment 1'));
    expect((await t.agent.get(`/rest/api/3/issue/${key}/comment?orderBy=author`)).status).toBe(400);
  });

  it('keeps a role visibility restriction', async () => {
    const res = await t.agent.post('/rest/api/3/issue/SUP-2/comment', {
      body: adf('internal'),
      visibility: { type: 'role', value: 'Administrators' },
    });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({ visibility: { type: 'role', value: 'Administrators' } });
  });

  it('404 for a comment of another issue', async () => {
    const id = t.sim.state.issue('SUP-1')?.commentIds[0];
    expect((await t.agent.get(`/rest/api/3/issue/SUP-2/comment/${id}`)).status).toBe(404);
    expect((await t.agent.get(`/rest/api/3/issue/SUP-1/comment/${id}`)).status).toBe(200);
  });
});

describe('Service Management internal comments (sd.public.comment)', () => {
  const internal = [{ key: 'sd.public.comment', value: { internal: true } }];
  type Jsd = { id: string; jsdPublic: boolean };

  it('keeps jsdPublic true outside a service project, whatever the property says', async () => {
    const res = await t.app.post('/rest/api/3/issue/ENG-1/comment', {
      body: adf('note'),
      properties: internal,
    });
    expect(res.status).toBe(201);
    expect(res.json<Jsd>().jsdPublic).toBe(true);
  });

  it('makes a comment internal on a service project only with {"internal": true}, in answers and events', async () => {
    t.sim.control.setProjectType('SUP', 'service_desk');
    try {
      let created: Jsd | undefined;
      const events = await captureEvents(t.sim, async () => {
        created = (
          await t.app.post('/rest/api/3/issue/SUP-3/comment', {
            body: adf('agents only'),
            properties: internal,
          })
        ).json<Jsd>();
      });
      expect(created?.jsdPublic).toBe(false);
      const listed = (await t.agent.get('/rest/api/3/issue/SUP-3/comment')).json<{ comments: Jsd[] }>();
      expect(listed.comments.find((c) => c.id === created?.id)?.jsdPublic).toBe(false);
      const event = events.find((e) => e.eventType === 'avi:jira:commented:issue') as
        { comment: Jsd } | undefined;
      expect(event?.comment.jsdPublic).toBe(false);

      const open = await t.app.post('/rest/api/3/issue/SUP-3/comment', {
        body: adf('for the customer'),
        properties: [{ key: 'sd.public.comment', value: { internal: false } }],
      });
      expect(open.json<Jsd>().jsdPublic).toBe(true);
      const plain = await t.app.post('/rest/api/3/issue/SUP-3/comment', { body: adf('no property') });
      expect(plain.json<Jsd>().jsdPublic).toBe(true);
    } finally {
      t.sim.control.setProjectType('SUP', 'software');
    }
  });
});
