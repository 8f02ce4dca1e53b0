/** expand=renderedFields renders dates, text fields and comments, not only documents. */
import { describe, expect, it } from 'vitest';
import { adf, useJiraSim } from './support/setup.js';

const t = useJiraSim({ seed: false });

describe('renderedFields', () => {
  it('renders dates in Jira’s default formats, escapes text fields, renders comments, nulls the rest', async () => {
    const res = await t.agent.post('/rest/api/3/issue', {
      fields: {
        project: { key: 'SUP' },
        issuetype: { id: '10001' },
        summary: 'Rendered',
        duedate: '2026-01-05',
        customfield_10040: 'a <b> & c',
        customfield_10043: '2026-12-31',
        customfield_10042: 7,
        labels: ['x'],
        description: adf('Hello'),
      },
    });
    expect(res.status, res.text).toBe(201);
    const { key } = res.json<{ key: string }>();
    expect((await t.agent.post(`/rest/api/3/issue/${key}/comment`, { body: adf('Note <1>') })).status).toBe(
      201,
    );
    const issue = (await t.agent.get(`/rest/api/3/issue/${key}?expand=renderedFields`)).json<{
      fields: { created: string };
      renderedFields: Record<string, unknown>;
    }>();
    const r = issue.renderedFields;
    expect(r.duedate).toBe('05/Jan/26');
    expect(r.customfield_10043).toBe('31/Dec/26');
    expect(r.customfield_10040).toBe('a &#60;b&#62; &#38; c');
    expect(r.description).toBe('<p>Hello</p>');
    expect(r.created).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{2} \d{1,2}:\d{2} (AM|PM)$/);
    const created = new Date(issue.fields.created.replace('+0000', 'Z'));
    expect(String(r.created).startsWith(`${String(created.getUTCDate()).padStart(2, '0')}/`)).toBe(true);
    expect(r.customfield_10042).toBeNull();
    expect(r.labels).toBeNull();
    expect(r.resolutiondate).toBeNull();
    const comments = (r.comment as { comments: { body: string }[] }).comments;
    expect(comments.map((c) => c.body)).toEqual(['<p>Note &#60;1&#62;</p>']);
  });
});
