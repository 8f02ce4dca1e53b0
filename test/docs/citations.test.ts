/**
 * Every reference in the repository resolves inside the repository. Comments, docs and tests
 * cite facts through docs/contracts/ ("docs/contracts/zendesk-api.md § Incremental export"),
 * never documents a reader of the repository does not have (the team's working notes, design
 * drafts or section numbers of them). Each `docs/contracts/<file> § <heading>` and each markdown
 * link to `contracts/<file>#<anchor>` must name a heading that exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SELF = relative(ROOT, fileURLToPath(import.meta.url));
const SCANNED = ['src', 'sandbox', 'test', 'scripts', 'static/admin/src', 'docs', 'README.md'];
const SKIPPED_DIRS = new Set(['node_modules', 'build', 'dist', 'artifacts', 'images', '.sandbox-data']);
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|json|md|yml|yaml|html|css)$/;
const CONTRACTS = 'docs/contracts';

/** Citations of documents outside the repository, with the reason each is refused. */
const FOREIGN: [RegExp, string][] = [
  // "seed 001", "seed-002", "seeds/001": the spec's numbered seeds, not a property test's seed.
  [/\bseeds?[ _#-]*0\d\d\b|\bseeds\/\d/i, 'a seed document'],
  [/api[-_]contracts/i, 'the API contracts notes'],
  [/forge[-_]facts/i, 'the Forge facts notes'],
  [/\bDESIGN ?§|DESIGN\.md/i, 'the design draft'],
  [/toolchain\.md/i, 'the toolchain notes'],
  [/\bSTYLE ?§|STYLE\.md/i, 'the style notes'],
  [/\.\.\/shared|\/work\//, 'a path outside the repository'],
  // Section numbers of the API contracts notes, bare: "(A12)", "B6:", "Part C".
  [/(?<=[\s([,/])[AB]\d{1,2}(?=[\s)\],/:;.])|\bPart [ABC]\d?\b/, 'a section number of the API notes'],
];

/** `docs/contracts/<file>.md § <heading>`; the heading ends at punctuation or the line's end. */
const SECTION_REF = /docs\/contracts\/([\w-]+\.md) § ([^)\],;:.`*"|\n]+)/g;
/** A markdown link to a contracts file with an anchor, relative or from the root. */
const ANCHOR_LINK = /\]\((?:\.\.\/|\.\/)*(?:docs\/)?(?:contracts\/)?([\w-]+\.md)#([\w-]+)\)/g;

function walk(path: string, into: string[]): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) {
    if (TEXT_FILE.test(path)) into.push(path);
    return into;
  }
  for (const entry of readdirSync(full)) {
    if (!SKIPPED_DIRS.has(entry)) walk(join(path, entry), into);
  }
  return into;
}

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

const files = SCANNED.flatMap((path) => walk(path, [])).filter((path) => path !== SELF);
const texts = new Map(files.map((file) => [file, read(file).split('\n')]));

/** The headings of a markdown file, as written after the `#`s. */
function headingsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6} +(.+?) *$/gm)].map((m) => m[1] ?? '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

const contractFiles = readdirSync(join(ROOT, CONTRACTS)).filter((name) => name.endsWith('.md'));
const headings = new Map(contractFiles.map((name) => [name, headingsOf(read(`${CONTRACTS}/${name}`))]));

interface Finding {
  file: string;
  line: number;
  text: string;
}

function findAll(pattern: RegExp, test: (match: RegExpMatchArray) => boolean): Finding[] {
  const found: Finding[] = [];
  for (const [file, lines] of texts) {
    lines.forEach((text, index) => {
      for (const match of text.matchAll(new RegExp(pattern.source, 'g'))) {
        if (test(match)) found.push({ file, line: index + 1, text: match[0] });
      }
    });
  }
  return found;
}

describe('references stay inside the repository', () => {
  it('scans the source, sandbox, tests, scripts, admin page and docs', () => {
    for (const dir of ['src/', 'sandbox/', 'test/', 'static/admin/src/', 'docs/contracts/']) {
      expect(files.some((file) => file.startsWith(dir))).toBe(true);
    }
    expect(files).toContain('README.md');
  });

  it('refuses each form a foreign citation has taken, and not the words the repository uses', () => {
    const refused = (text: string): boolean => FOREIGN.some(([pattern]) => pattern.test(text));
    const cited = [
      'as seed 001 says',
      'seed-000 § 3',
      'seeds/002',
      'api-contracts A3',
      'forge-facts §2.5',
      'DESIGN §5',
      'DESIGN§ 4',
      'see design.md',
      'STYLE.md rule 5',
      'STYLE §7',
      'toolchain.md',
      '../shared/reference',
      '(A12)',
      'Part C',
    ];
    expect(cited.filter((text) => !refused(text))).toEqual([]);
    const own = [
      'property test, seed 20261125',
      'seeds 23, 25 and 26',
      'Jira, Forge facts and product rules',
    ];
    expect(own.filter(refused)).toEqual([]);
  });

  for (const [pattern, what] of FOREIGN) {
    it(`nothing cites ${what}`, () => {
      expect(findAll(pattern, () => true)).toEqual([]);
    });
  }

  it('docs/reliability.md § Mutation testing names mutants by code that exists, not by line', () => {
    const section = /^## Mutation testing\n([\s\S]*?)^## /m.exec(read('docs/reliability.md'))?.[1] ?? '';
    expect(section.length).toBeGreaterThan(1000);
    // Line numbers go stale with the next edit of the file; a function's name stays true.
    expect(section.match(/\bL\d+\b/g) ?? []).toEqual([]);
    const code = ['src', 'test', 'scripts'].flatMap((dir) => files.filter((f) => f.startsWith(`${dir}/`)));
    const source = code.map((file) => (texts.get(file) ?? []).join('\n')).join('\n');
    const named = [...section.matchAll(/`([a-z][A-Za-z0-9]*)`/g)].map((m) => m[1] ?? '');
    const builtin = (name: string): boolean => name in String.prototype || name in Array.prototype;
    const commit = (name: string): boolean => /^[0-9a-f]{7,40}$/.test(name);
    const unknown = [...new Set(named)].filter(
      (name) => !builtin(name) && !commit(name) && !new RegExp(`\\b${name}\\b`).test(source),
    );
    expect(named.length).toBeGreaterThan(30);
    expect(unknown).toEqual([]);
  });

  it('every "docs/contracts/<file> § <heading>" names an existing heading', () => {
    const refs = findAll(SECTION_REF, () => true);
    expect(refs.length).toBeGreaterThan(50);
    const broken = refs.filter((ref) => {
      const [, file = '', heading = ''] = /docs\/contracts\/([\w-]+\.md) § (.+)/.exec(ref.text) ?? [];
      return !(headings.get(file) ?? []).includes(heading.trim());
    });
    expect(broken).toEqual([]);
  });

  it('every markdown link to a contracts anchor names an existing heading', () => {
    const links = findAll(ANCHOR_LINK, (match) => contractFiles.includes(match[1] ?? ''));
    expect(links.length).toBeGreaterThan(5);
    const broken = links.filter((link) => {
      const [, file = '', anchor = ''] = /([\w-]+\.md)#([\w-]+)\)$/.exec(link.text) ?? [];
      return !(headings.get(file) ?? []).map(slug).includes(anchor);
    });
    expect(broken).toEqual([]);
  });
});
