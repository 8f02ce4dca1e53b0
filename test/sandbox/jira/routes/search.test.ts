import { describe, expect, it } from 'vitest';
import { useJiraSim } from '../support/setup.js';

const t = useJiraSim({ seed: { bulkIssues: 120 } });

type Page = {
  issues: { id: string; key?: string; fields?: Record<string, unknown> }[];
  isLast: boolean;
  nextPageToken?: string;
  total?: number;
};

const q = (jql: string, extra = ''): string =>
  `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}${extra}`;

async function keysOf(jql: string, client = t.agent): Promise<string[]> {
  const res = await client.get(q(jql, '&fields=summary&maxResults=100'));
  expect(res.status, jql).toBe(200);
  return res.json<Page>().issues.map((i) => i.key ?? '');
}

describe('GET /rest/api/3/search/jql', () => {
  it('walks every page with nextPageToken; the last page has isLast and no token, and there is no total', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await t.agent.get(
        q(
          'project = SUP ORDER BY key ASC',
          `&maxResults=25${token === undefined ? '' : `&nextPageToken=${encodeURIComponent(token)}`}`,
        ),
      );
      expect(res.status).toBe(200);
      const page = res.json<Page>();
      pages += 1;
      expect(page.total).toBeUndefined();
      seen.push(...page.issues.map((i) => i.id));
      if (page.isLast) {
        expect(page.nextPageToken).toBeUndefined();
        break;
      }
      expect(page.issues).toHaveLength(25);
      token = page.nextPageToken;
      expect(token).toEqual(expect.any(String));
    }
    // 3 demo issues still in SUP (SUP-4 moved to ENG) + 120 generated.
    expect(seen).toHaveLength(123);
    expect(new Set(seen).size).toBe(123);
    expect(pages).toBe(5);
  });

  it('returns only issue ids by default', async () => {
    const page = (await t.agent.get(q('project = SUP', '&maxResults=2'))).json<Page>();
    expect(page.issues).toEqual([{ id: expect.any(String) }, { id: expect.any(String) }]);
  });

  it('returns the requested fields', async () => {
    const page = (await t.agent.get(q('key = SUP-1', '&fields=summary,status'))).json<Page>();
    expect(page.issues).toHaveLength(1);
    expect(page.issues[0]?.key).toBe('SUP-1');
    expect(Object.keys(page.issues[0]?.fields ?? {}).sort()).toEqual(['status', 'summary']);
  });

  it('refuses unbounded queries and the removed /search endpoint', async () => {
    for (const jql of ['', 'ORDER BY key DESC', 'order by created']) {
      const res = await t.agent.get(q(jql));
      expect(res.status, jql).toBe(400);
      expect(res.json()).toEqual({
        errorMessages: [
          'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
        ],
        errors: {},
      });
    }
    const removed = await t.agent.get('/rest/api/3/search?jql=project%3DSUP');
    expect(removed.status).toBe(410);
    expect(removed.json<{ errorMessages: string[] }>().errorMessages[0]).toMatch(
      /^The requested API has been removed/,
    );
    expect((await t.agent.post('/rest/api/3/search', { jql: 'project = SUP' })).status).toBe(410);
  });

  it('supports key, id, issuekey in, id in, status, statusCategory, AND, OR, NOT', async () => {
    expect(await keysOf('key = SUP-1')).toEqual(['SUP-1']);
    expect(await keysOf('id = 10000')).toEqual(['SUP-1']);
    expect((await keysOf('issuekey in (SUP-1, SUP-3) ORDER BY key')).sort()).toEqual(['SUP-1', 'SUP-3']);
    expect(await keysOf('id in (10000, 10002) order by id asc')).toEqual(['SUP-1', 'SUP-3']);
    expect(await keysOf('project = SUP AND status = "In Progress" ORDER BY key')).toEqual(['SUP-1']);
    expect(await keysOf('project = SUP and statusCategory = done')).toEqual(['SUP-3']);
    expect(await keysOf('project = ENG AND statusCategory = indeterminate')).toEqual(['ENG-1']);
    expect((await keysOf('key = SUP-1 OR key = ENG-2')).sort()).toEqual(['ENG-2', 'SUP-1']);
    expect(await keysOf('project = ENG AND NOT status = Backlog')).toEqual(['ENG-1']);
    expect(await keysOf('project = SUP AND labels = sso')).toEqual(['SUP-1']);
    expect(await keysOf('project = SUP AND summary ~ "log in"')).toEqual(['SUP-1']);
    expect(await keysOf('project = SUP AND assignee = currentUser()')).toEqual(['SUP-1']);
    expect(await keysOf('project = SUP AND resolution = Unresolved AND issuetype = Bug')).toEqual(['SUP-1']);
    // Demo data is dated over the last three days.
    expect(await keysOf('project = ENG AND created >= -5d ORDER BY key')).toEqual([
      'ENG-1',
      'ENG-2',
      'ENG-3',
    ]);
    expect(await keysOf('project = ENG AND created >= -1h')).toEqual([]);
    expect(
      await keysOf('project = ENG AND created > "2020-01-01" AND created < now() ORDER BY key'),
    ).toHaveLength(3);
  });

  it('orders results', async () => {
    const asc = await keysOf('project in (SUP, ENG) AND statusCategory != done ORDER BY key ASC');
    expect(asc.slice(0, 3)).toEqual(['ENG-1', 'ENG-2', 'ENG-3']);
    const desc = await keysOf('project = ENG ORDER BY key DESC');
    expect(desc).toEqual(['ENG-3', 'ENG-2', 'ENG-1']);
  });

  it('finds a moved issue by its old key', async () => {
    expect(await keysOf('key = SUP-4')).toEqual(['ENG-3']);
    expect(await keysOf('issuekey in (SUP-4, ENG-1) ORDER BY key')).toEqual(['ENG-1', 'ENG-3']);
  });

  it('answers unknown fields, values and bad syntax with Jira-style 400s', async () => {
    const cases: [string, string][] = [
      ['foo = bar', "Field 'foo' does not exist or you do not have permission to view it."],
      ['project = NOPE', "The value 'NOPE' does not exist for the field 'project'."],
      ['key = NOPE-1', "An issue with key 'NOPE-1' does not exist for field 'key'."],
      ['status = Sleeping', "The value 'Sleeping' does not exist for the field 'status'."],
      ['summary = x', "The operator '=' is not supported by the 'summary' field."],
    ];
    for (const [jql, message] of cases) {
      const res = await t.agent.get(q(jql));
      expect(res.status, jql).toBe(400);
      expect(res.json<{ errorMessages: string[] }>().errorMessages, jql).toEqual([message]);
    }
    expect((await t.agent.get(q('project = SUP AND'))).status).toBe(400);
    expect((await t.agent.get(q('project = "SUP'))).status).toBe(400);
  });

  it('refuses a page token from another query or a forged one', async () => {
    const first = (await t.agent.get(q('project = SUP', '&maxResults=5'))).json<Page>();
    const other = await t.agent.get(q('project = ENG', `&nextPageToken=${first.nextPageToken ?? ''}`));
    expect(other.status).toBe(400);
    expect((await t.agent.get(q('project = SUP', '&nextPageToken=garbage'))).status).toBe(400);
  });

  it('only returns issues the caller can browse', async () => {
    t.sim.control.grant('none', 'ENG', ['BROWSE_PROJECTS']);
    const page = (await t.none.get(q('project = ENG', '&fields=key'))).json<Page>();
    expect(page.issues).toHaveLength(3);
    expect((await t.none.get(q('project = SUP'))).status).toBe(400);
    t.sim.control.revoke('none', 'ENG', ['BROWSE_PROJECTS']);
  });
});

describe('POST /rest/api/3/search/jql', () => {
  it('takes the same query as a body and pages the same way', async () => {
    const first = await t.agent.post('/rest/api/3/search/jql', {
      jql: 'project = SUP ORDER BY id ASC',
      maxResults: 100,
      fields: ['summary'],
    });
    expect(first.status).toBe(200);
    const page1 = first.json<Page>();
    expect(page1.issues).toHaveLength(100);
    const second = await t.agent.post('/rest/api/3/search/jql', {
      jql: 'project = SUP ORDER BY id ASC',
      maxResults: 100,
      fields: ['summary'],
      nextPageToken: page1.nextPageToken,
    });
    const page2 = second.json<Page>();
    expect(page2.isLast).toBe(true);
    expect(page2.issues).toHaveLength(23);
  });

  it('adds names at the top level with expand=names', async () => {
    const res = await t.agent.post('/rest/api/3/search/jql', {
      jql: 'key = SUP-1',
      fields: ['summary', 'customfield_10041'],
      expand: 'names',
    });
    expect(res.json()).toMatchObject({ names: { summary: 'Summary', customfield_10041: 'Customer impact' } });
  });

  it('refuses unknown properties in the body (Invalid request payload)', async () => {
    const res = await t.agent.post('/rest/api/3/search/jql', { jql: 'project = SUP', startAt: 50 });
    expect(res.status).toBe(400);
    expect(res.json<{ errorMessages: string[] }>().errorMessages).toEqual([
      'Invalid request payload. Refer to the REST API documentation and try again.',
    ]);
  });
});
