/**
 * The tree keeps the naming and test layout docs/architecture.md § Naming and test layout
 * describes, so it stays true as files are added:
 * - one file-name case: code files and folders are camelCase; a .tsx file may be PascalCase
 *   (it is named after the React component it exports);
 * - a unit test mirrors the source path of the module or folder it covers
 *   (test/unit/sync/core/markers.test.ts ↔ src/sync/core/markers.ts), a test of the emulator
 *   or a simulator mirrors its path under sandbox/ (test/sandbox/jira/routes/issues.test.ts ↔
 *   sandbox/jira/routes/issues.ts);
 * - the scenario suites stay grouped by kind, under the folders listed in SUITES.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const NAMED = ['src', 'sandbox', 'test', 'scripts', 'static/admin/src'];
const SKIPPED_DIRS = new Set(['node_modules', 'build', 'dist', 'artifacts', '.sandbox-data']);
/** Code files; data and assets (JSON, HTML, YAML, images) keep the names their tools expect. */
const CODE_FILE = /\.(ts|tsx|mts|mjs|cjs|js)$/;
/** A name's stem: the part before the first dot, so `.test.ts`, `.config.ts`, `.d.ts` pass. */
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const PASCAL = /^[A-Z][a-zA-Z0-9]*$/;

/** Test folders that mirror a source tree, and the tree each mirrors. */
const MIRRORS: Record<string, string> = { unit: 'src', sandbox: 'sandbox' };
/** Scenario suites, grouped by kind: their files are named for what they exercise. */
const SUITES = ['integration', 'reliability', 'security', 'storage', 'e2e', 'bench', 'docs', 'manifest'];

function walk(path: string, into: { files: string[]; dirs: string[] }): typeof into {
  for (const entry of readdirSync(join(ROOT, path))) {
    if (SKIPPED_DIRS.has(entry)) continue;
    const child = join(path, entry);
    if (statSync(join(ROOT, child)).isDirectory()) {
      into.dirs.push(child);
      walk(child, into);
    } else into.files.push(child);
  }
  return into;
}

/** What is wrong with a file or folder name, or null when it keeps the one case. */
function nameProblem(path: string, isDir: boolean): string | null {
  const base = path.split('/').pop() ?? path;
  if (isDir) return CAMEL.test(base) ? null : 'a folder name that is not camelCase';
  if (!CODE_FILE.test(base)) return null;
  const stem = base.split('.')[0] ?? '';
  if (CAMEL.test(stem) || (base.endsWith('.tsx') && PASCAL.test(stem))) return null;
  return base.endsWith('.tsx') ? 'a name neither camelCase nor PascalCase' : 'a name that is not camelCase';
}

/** Where a test file must stand, or null when it stands where the layout says. */
function placementProblem(testPath: string, exists: (path: string) => boolean): string | null {
  const [top, kind, ...rest] = testPath.split('/');
  if (top !== 'test' || kind === undefined) return 'a test outside test/';
  if (SUITES.includes(kind) && rest.length > 0) return null;
  const tree = MIRRORS[kind];
  if (tree === undefined || rest.length === 0) {
    return `a test outside the mirrored trees (${Object.keys(MIRRORS).join(', ')}) and the suites (${SUITES.join(', ')})`;
  }
  const source = join(tree, ...rest).replace(/\.test\.tsx?$/, '');
  const candidates = ['.ts', '.tsx', '.mjs', ''].map((ext) => source + ext);
  if (candidates.some(exists)) return null;
  return `no ${source}.ts(x) or ${source}/ for it to mirror`;
}

const tree = NAMED.reduce((acc, path) => walk(path, acc), { files: [] as string[], dirs: [] as string[] });
const existsInRepo = (path: string): boolean => existsSync(join(ROOT, path));

describe('naming and test layout', () => {
  it('scans the trees it names', () => {
    expect(tree.files.length).toBeGreaterThan(500);
    expect(tree.files).toContain('src/sync/core/markers.ts');
    expect(tree.files).toContain(relative(ROOT, fileURLToPath(import.meta.url)));
  });

  it('names every code file and folder in one case', () => {
    const named = [
      ...tree.dirs.map((path) => ({ path, problem: nameProblem(path, true) })),
      ...tree.files.map((path) => ({ path, problem: nameProblem(path, false) })),
    ];
    expect(named.filter((n) => n.problem !== null)).toEqual([]);
  });

  it('puts every test where the layout says: mirroring its source, or in a suite of its kind', () => {
    const tests = tree.files.filter((path) => /\.test\.tsx?$/.test(path));
    expect(tests.length).toBeGreaterThan(100);
    const misplaced = tests
      .map((path) => ({ path, problem: placementProblem(path, existsInRepo) }))
      .filter((t) => t.problem !== null);
    expect(misplaced).toEqual([]);
  });

  it('refuses the names and places the layout rules out', () => {
    expect(nameProblem('sandbox/jira/rate-limit.ts', false)).toMatch(/camelCase/);
    expect(nameProblem('test/jira-sim', true)).toMatch(/folder/);
    expect(nameProblem('static/admin/src/ItemEditor.tsx', false)).toBeNull();
    expect(nameProblem('src/Types.ts', false)).toMatch(/camelCase/);
    expect(nameProblem('sandbox/web/shell/panel-runtime.html', false)).toBeNull();
    expect(placementProblem('test/unit/sync/core/markers.test.ts', existsInRepo)).toBeNull();
    expect(placementProblem('test/unit/sync/toZendesk.test.ts', existsInRepo)).toBeNull();
    expect(placementProblem('test/unit/syncMarkers.test.ts', existsInRepo)).toMatch(/src\/syncMarkers/);
    expect(placementProblem('test/sandbox/jira/paging.test.ts', existsInRepo)).toMatch(
      /sandbox\/jira\/paging/,
    );
    expect(placementProblem('test/jira-sim/auth.test.ts', existsInRepo)).toMatch(/outside the mirrored/);
    expect(placementProblem('test/unit.test.ts', existsInRepo)).toMatch(/outside the mirrored/);
  });
});
