/**
 * docs/architecture.md § Layout matches the tree: every folder of src/ and every top-level
 * folder of sandbox/ is named there, every path it names exists, and every module file it names
 * (`keys.ts`, `linkPass.ts`) stands under the folder whose entry names it. A folder added,
 * moved or renamed without the doc fails here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The code block under `## Layout`. */
function layoutBlock(markdown: string): string {
  const section = /^## Layout\n([\s\S]*?)^## /m.exec(markdown)?.[1] ?? '';
  return /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
}

/** Each entry of the block: the path it starts with and its description (continuation lines too). */
function entriesOf(block: string): { path: string; text: string }[] {
  const entries: { path: string; text: string }[] = [];
  for (const line of block.split('\n')) {
    const head = /^(\S+)\s*(.*)$/.exec(line);
    if (head) entries.push({ path: head[1] ?? '', text: head[2] ?? '' });
    else if (entries.length > 0 && line.trim() !== '') entries[entries.length - 1]!.text += ` ${line.trim()}`;
  }
  return entries;
}

function foldersUnder(path: string, depth: number): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, path))) {
    const child = `${path}/${name}`;
    if (!statSync(join(ROOT, child)).isDirectory() || name === 'node_modules' || name === 'build') continue;
    out.push(child);
    if (depth > 1) out.push(...foldersUnder(child, depth - 1));
  }
  return out;
}

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path.split('/').pop() ?? path];
  return readdirSync(full).flatMap((name) => filesUnder(`${path}/${name}`));
}

const block = layoutBlock(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'));
const entries = entriesOf(block);

describe('docs/architecture.md § Layout', () => {
  it('is found and lists the source tree', () => {
    expect(entries.length).toBeGreaterThan(20);
    expect(entries.map((e) => e.path)).toContain('src/sync/core/');
  });

  it('names every folder of src/ and every top-level folder of sandbox/', () => {
    const folders = [...foldersUnder('src', 10), ...foldersUnder('sandbox', 1)];
    expect(folders.length).toBeGreaterThan(15);
    expect(folders.filter((folder) => !block.includes(`${folder}/`))).toEqual([]);
  });

  it('names only paths that exist', () => {
    const named = entries
      .map((e) => e.path)
      .filter((path) => /^(src|sandbox|static|scripts|test|docs)\//.test(path));
    expect(named.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('names only modules that stand under the folder of their entry', () => {
    const missing: string[] = [];
    for (const { path, text } of entries) {
      if (!/^(src|sandbox)\/.*\/$/.test(path)) continue;
      const files = new Set(filesUnder(path.slice(0, -1)));
      for (const [module] of text.matchAll(/\b[\w]+\.tsx?\b/g)) {
        if (!files.has(module)) missing.push(`${path} ${module}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('refuses a layout that leaves a folder out or names one that is gone', () => {
    const short = entriesOf('src/a/   one\n          more of a\nsrc/b/   two');
    expect(short).toEqual([
      { path: 'src/a/', text: 'one more of a' },
      { path: 'src/b/', text: 'two' },
    ]);
    expect(layoutBlock('# T\n\n## Layout\n\n```\nsrc/x/  y\n```\n\n## Next\n')).toBe('src/x/  y\n');
  });
});
