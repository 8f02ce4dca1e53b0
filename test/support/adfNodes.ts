/** Terse ADF node literals for the converter tests, and a schema assertion. */
import { expect } from 'vitest';
import { adfProblems } from './adfSchema';

export const p = (...content: unknown[]) => ({ type: 'paragraph', content });
export const t = (text: string, marks?: unknown[]) =>
  marks ? { type: 'text', text, marks } : { type: 'text', text };
export const link = (href: string) => ({ type: 'link', attrs: { href } });
export const br = { type: 'hardBreak' };
export const li = (...content: unknown[]) => ({ type: 'listItem', content });
export const ul = (...content: unknown[]) => ({ type: 'bulletList', content });

/** The document is one Jira accepts: official JSON schema plus the editor's extra rules. */
export function expectValidAdf(doc: unknown): void {
  expect(adfProblems(doc)).toEqual([]);
}
