/**
 * Operations Jira Cloud has but the simulator does not implement answer 501 with a clear
 * ErrorCollection — never a 404/405, and never a templated route catching a literal path.
 */
import { describe, expect, it } from 'vitest';
import { useJiraSim } from './support/setup.js';

const t = useJiraSim();

describe('not simulated', () => {
  it('answers 501 for real operations, including literal paths a template would catch', async () => {
    const cases: [string, string, unknown?][] = [
      ['GET', '/rest/api/3/attachment/meta'],
      ['GET', '/rest/api/3/issue/picker'],
      ['POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ['SUP-1'] }],
      ['GET', '/rest/api/3/issue/SUP-1/worklog'],
      ['DELETE', '/rest/api/3/attachment/10000'],
    ];
    for (const [method, path, body] of cases) {
      const res = method === 'POST' ? await t.agent.post(path, body) : await t.agent.request(method, path);
      expect(res.status, `${method} ${path}`).toBe(501);
      expect(res.json<{ errorMessages: string[] }>().errorMessages[0]).toMatch(/does not implement/);
    }
  });

  it('keeps 404 for paths Jira does not have and serves simulated ones', async () => {
    expect((await t.agent.get('/rest/api/3/no-such-resource')).status).toBe(404);
    expect((await t.agent.get('/rest/api/3/attachment/10000')).status).not.toBe(501);
    expect((await t.agent.get('/rest/api/3/issue/SUP-1?fields=summary')).status).toBe(200);
  });
});
