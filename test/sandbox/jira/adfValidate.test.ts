/**
 * Rich-text values are held to the official ADF JSON schema and to Jira Cloud's
 * 32,767-character limit on every path that accepts them: comment bodies, create,
 * edit (fields and update), and the control API.
 */
import { describe, expect, it } from 'vitest';
import { adf, useJiraSim } from './support/setup.js';

const t = useJiraSim();

const doc = (...content: unknown[]) => ({ version: 1, type: 'doc', content });
const text = (value: string, marks?: unknown[]) => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});

/** Structures the schema refuses though every node type in them exists. */
const INVALID: [string, unknown][] = [
  [
    'paragraph in paragraph',
    doc({ type: 'paragraph', content: [{ type: 'paragraph', content: [text('x')] }] }),
  ],
  ['text directly under doc', doc(text('loose'))],
  [
    'listItem holding text',
    doc({ type: 'bulletList', content: [{ type: 'listItem', content: [text('item')] }] }),
  ],
  ['heading without level', doc({ type: 'heading', content: [text('Title')] })],
  ['codeBlock text with marks', doc({ type: 'codeBlock', content: [text('x = 1', [{ type: 'strong' }])] })],
  ['empty text node', doc({ type: 'paragraph', content: [text('')] })],
  ['link mark without href', doc({ type: 'paragraph', content: [text('x', [{ type: 'link', attrs: {} }])] })],
];

/** A schema-valid document whose JSON is `size` characters long or a little more. */
function bigDoc(size: number): ReturnType<typeof adf> {
  const frame = JSON.stringify(adf('')).length;
  return adf('y'.repeat(size - frame));
}

const bug = (fields: Record<string, unknown>) => ({
  fields: {
    project: { key: 'SUP' },
    issuetype: { name: 'Bug' },
    summary: 'ADF checks',
    customfield_10041: { id: '10100' },
    ...fields,
  },
});

/** A Bug, whose screens hold description, environment and the textarea custom field. */
async function newBug(): Promise<string> {
  const res = await t.agent.post('/rest/api/3/issue', bug({}));
  expect(res.status).toBe(201);
  return res.json<{ key: string }>().key;
}

describe('ADF schema', () => {
  it('refuses invalid structures in comment bodies with errors.comment', async () => {
    for (const [name, body] of INVALID) {
      const res = await t.agent.post('/rest/api/3/issue/SUP-1/comment', { body });
      expect(res.status, name).toBe(400);
      expect(res.json(), name).toEqual({
        errorMessages: [],
        errors: { comment: 'Comment body is not valid!' },
      });
    }
    expect(t.sim.control.getIssue('SUP-1')).toBeDefined();
  });

  it('refuses them in create and edit (fields and update)', async () => {
    const key = await newBug();
    for (const [name, value] of INVALID) {
      const created = await t.agent.post('/rest/api/3/issue', bug({ description: value }));
      expect(created.status, name).toBe(400);
      expect(created.json(), name).toEqual({ errorMessages: ['INVALID_INPUT'], errors: {} });
      const edited = await t.agent.put(`/rest/api/3/issue/${key}`, { fields: { environment: value } });
      expect(edited.json(), name).toEqual({ errorMessages: ['INVALID_INPUT'], errors: {} });
      const updated = await t.agent.put(`/rest/api/3/issue/${key}`, {
        update: { customfield_10045: [{ set: value }] },
      });
      expect(updated.json(), name).toEqual({ errorMessages: ['INVALID_INPUT'], errors: {} });
    }
  });

  it('refuses them through the control API as well', () => {
    const [, body] = INVALID[0] ?? ['', null];
    expect(() => t.sim.control.addComment('agent', 'SUP-1', body as never)).toThrow(/not valid/);
  });

  it('accepts what the schema allows: nested lists, headings with a level, plain code blocks', async () => {
    const body = doc(
      { type: 'heading', attrs: { level: 2 }, content: [text('Steps')] },
      {
        type: 'orderedList',
        content: [
          {
            type: 'listItem',
            content: [
              { type: 'paragraph', content: [text('open')] },
              {
                type: 'bulletList',
                content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('nested')] }] }],
              },
            ],
          },
        ],
      },
      { type: 'codeBlock', attrs: { language: 'ts' }, content: [text('const x = 1;')] },
      { type: 'blockquote', content: [{ type: 'paragraph', content: [text('quoted', [{ type: 'em' }])] }] },
      { type: 'rule' },
    );
    expect((await t.agent.post('/rest/api/3/issue/SUP-1/comment', { body })).status).toBe(201);
    expect((await t.agent.put('/rest/api/3/issue/SUP-1', { fields: { description: body } })).status).toBe(
      204,
    );
  });
});

describe('text size limits', () => {
  const tooLong = 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';

  it('takes a comment body of exactly 32,767 characters and refuses one more', async () => {
    const fits = bigDoc(32_767);
    expect(JSON.stringify(fits).length).toBe(32_767);
    expect((await t.agent.post('/rest/api/3/issue/SUP-1/comment', { body: fits })).status).toBe(201);
    const over = await t.agent.post('/rest/api/3/issue/SUP-1/comment', { body: bigDoc(32_768) });
    expect(over.status).toBe(400);
    expect(over.json()).toEqual({ errorMessages: [], errors: { comment: tooLong } });
  });

  it('refuses an oversized description, environment or textarea on create and edit', async () => {
    const created = await t.agent.post('/rest/api/3/issue', bug({ description: bigDoc(40_000) }));
    expect(created.status).toBe(400);
    expect(created.json()).toEqual({ errorMessages: [], errors: { description: tooLong } });
    const edited = await t.agent.put(`/rest/api/3/issue/${await newBug()}`, {
      fields: { environment: bigDoc(32_768), customfield_10045: bigDoc(32_768) },
    });
    expect(edited.status).toBe(400);
    expect(edited.json()).toEqual({
      errorMessages: [],
      errors: { environment: tooLong, customfield_10045: tooLong },
    });
  });

  it('keeps the 255-character limits of summary and single-line text fields', async () => {
    const res = await t.agent.put('/rest/api/3/issue/SUP-2', {
      fields: { summary: 's'.repeat(256), customfield_10040: 't'.repeat(256) },
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      errorMessages: [],
      errors: {
        summary: 'Summary must be less than 255 characters.',
        customfield_10040: 'The entered text is too long. It exceeds the allowed limit of 255 characters.',
      },
    });
    expect(
      (await t.agent.put('/rest/api/3/issue/SUP-2', { fields: { summary: 's'.repeat(255) } })).status,
    ).toBe(204);
  });
});
