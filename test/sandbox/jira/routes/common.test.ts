/**
 * Page sizes are the server's, never the caller's: the comment listing defaults to
 * 100 and cuts larger pages to 100, search/jql refuses maxResults outside 1–5000,
 * and every offset-paged listing reports the page size it used.
 */
import { describe, expect, it } from 'vitest';
import { useJiraSim } from '../support/setup.js';

const t = useJiraSim({ seed: { issues: true, bulkIssues: 120 } });

type CommentPage = { startAt: number; maxResults: number; total: number; comments: unknown[] };

describe('comment listing', () => {
  it('defaults to 100 per page and never serves more, whatever maxResults asks for', async () => {
    for (let i = 0; i < 130; i++) t.sim.control.addComment('agent', 'SUP-3', `note ${i}`);
    const total = t.sim.state.issue('SUP-3')?.commentIds.length ?? 0;
    expect(total).toBeGreaterThanOrEqual(130);
    const first = (await t.agent.get('/rest/api/3/issue/SUP-3/comment')).json<CommentPage>();
    expect(first).toMatchObject({ startAt: 0, maxResults: 100, total });
    expect(first.comments).toHaveLength(100);
    const big = (await t.agent.get('/rest/api/3/issue/SUP-3/comment?maxResults=5000')).json<CommentPage>();
    expect(big.maxResults).toBe(100);
    expect(big.comments).toHaveLength(100);
    const rest = (
      await t.agent.get('/rest/api/3/issue/SUP-3/comment?startAt=100&maxResults=1000')
    ).json<CommentPage>();
    expect(rest.comments).toHaveLength(total - 100);
  });

  it('raises maxResults to 1 and a negative startAt to 0', async () => {
    const page = (
      await t.agent.get('/rest/api/3/issue/SUP-3/comment?startAt=-4&maxResults=0')
    ).json<CommentPage>();
    expect(page).toMatchObject({ startAt: 0, maxResults: 1 });
    expect(page.comments).toHaveLength(1);
  });
});

describe('search/jql maxResults', () => {
  it('refuses 0, negative and above 5000 on GET and POST; serves 1 and 5000', async () => {
    for (const maxResults of [0, -1, 5001]) {
      const get = await t.agent.get(`/rest/api/3/search/jql?jql=project%3DSUP&maxResults=${maxResults}`);
      expect(get.status, String(maxResults)).toBe(400);
      expect(get.json<{ errorMessages: string[] }>().errorMessages[0]).toMatch(/between 1 and 5000/);
      const post = await t.agent.post('/rest/api/3/search/jql', { jql: 'project = SUP', maxResults });
      expect(post.status, String(maxResults)).toBe(400);
    }
    for (const maxResults of [1, 5000]) {
      const res = await t.agent.post('/rest/api/3/search/jql', { jql: 'project = SUP', maxResults });
      expect(res.status).toBe(200);
    }
  });

  it('serves at most 100 issues per page when fields beyond the id are asked for', async () => {
    const res = await t.agent.post('/rest/api/3/search/jql', {
      jql: 'project = SUP',
      maxResults: 5000,
      fields: ['summary'],
    });
    const body = res.json<{ issues: unknown[]; isLast: boolean; nextPageToken?: string }>();
    expect(body.issues).toHaveLength(100);
    expect(body.isLast).toBe(false);
    expect(body.nextPageToken).toBeDefined();
    const ids = await t.agent.post('/rest/api/3/search/jql', { jql: 'project = SUP', maxResults: 5000 });
    expect(ids.json<{ isLast: boolean }>().isLast).toBe(true);
  });
});

describe('other offset listings report the size they used', () => {
  it('project search, priority search and the changelog cut maxResults to 100', async () => {
    for (const path of [
      '/rest/api/3/project/search?maxResults=1000',
      '/rest/api/3/priority/search?maxResults=1000',
      '/rest/api/3/issue/SUP-1/changelog?maxResults=1000',
    ]) {
      const page = (await t.agent.get(path)).json<{ maxResults: number }>();
      expect(page.maxResults, path).toBe(100);
    }
  });
});
