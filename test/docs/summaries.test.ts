/**
 * Each document opens with a one-screen summary (docs/architecture.md § Naming and test
 * layout): the title, then a paragraph led by "**On one screen.**" that says what the page holds
 * and who it is for, short enough to read without scrolling. docs/benchmarks.md is written by
 * test/bench/report.ts; test/bench/bench.test.ts checks the summary the generator writes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** One screen of source text. */
const SCREEN_LINES = 40;
const GENERATED = new Set(['docs/benchmarks.md']);

function markdownUnder(path: string): string[] {
  return readdirSync(join(ROOT, path)).flatMap((name) => {
    const child = `${path}/${name}`;
    if (statSync(join(ROOT, child)).isDirectory()) return markdownUnder(child);
    return name.endsWith('.md') ? [child] : [];
  });
}

/** What is wrong with a document's opening, or null when it opens with a one-screen summary. */
function openingProblem(markdown: string): string | null {
  const lines = markdown.split('\n');
  if (!/^# \S/.test(lines[0] ?? '') || lines[1] !== '') return 'no title line followed by a blank line';
  if (!(lines[2] ?? '').startsWith('**On one screen.** '))
    return 'no "**On one screen.**" paragraph under the title';
  // The summary runs to the next heading, bold lead-in, code block, image or table.
  const end = lines.findIndex((line, i) => i > 2 && /^(#|\*\*|```|!\[|\|)/.test(line));
  const length = (end === -1 ? lines.length : end) - 2;
  return length > SCREEN_LINES ? `a summary of ${length} lines (more than ${SCREEN_LINES})` : null;
}

const documents = ['README.md', ...markdownUnder('docs')].filter((path) => !GENERATED.has(path));

describe('each document opens with a one-screen summary', () => {
  it('reads README.md, docs/ and docs/contracts/', () => {
    expect(documents).toContain('README.md');
    expect(documents).toContain('docs/sync-model.md');
    expect(documents.some((path) => path.startsWith('docs/contracts/'))).toBe(true);
  });

  it('finds the title, the summary paragraph and a summary that fits on one screen', () => {
    const problems = documents
      .map((path) => ({ path, problem: openingProblem(readFileSync(join(ROOT, path), 'utf8')) }))
      .filter((doc) => doc.problem !== null);
    expect(problems).toEqual([]);
  });

  it('refuses an opening without the summary, or one longer than a screen', () => {
    expect(openingProblem('# T\n\n**On one screen.** What and for whom.\n\n## A\n')).toBeNull();
    expect(openingProblem('# T\n\nSome prose.\n')).toMatch(/On one screen/);
    expect(openingProblem('Intro\n\n**On one screen.** x\n')).toMatch(/title/);
    expect(openingProblem(`# T\n\n**On one screen.** x\n${'more\n'.repeat(SCREEN_LINES)}## A\n`)).toMatch(
      /more than/,
    );
  });
});
