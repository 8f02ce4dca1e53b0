/**
 * The import rules of docs/architecture.md § Layout hold because eslint.config.js refuses their
 * violations: only src/storage/ imports @forge/kvs, the sync and src/links never import the
 * panel, imports only go down, and the two sync directions meet only through src/sync/core.
 * Each case lints one import line as if it stood in the named file, with the project's own
 * config, and expects `no-restricted-imports` to refuse it (or to let it pass).
 */
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

// Only the import rule runs, without type information: the probed files do not exist, so the
// type-aware rules (which need each file in tsconfig.json's program) are switched off here.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

/** The messages `no-restricted-imports` gives `source` standing at `path`. */
async function refusals(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: resolve(ROOT, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const KVS = "import { kvs } from '@forge/kvs';";

describe('layering rules (eslint.config.js)', () => {
  it('lets only src/storage/ import @forge/kvs', async () => {
    for (const path of [
      'src/sync/core/probe.ts',
      'src/sync/run/probe.ts',
      'src/panel/probe.ts',
      'src/resolvers/probe.ts',
      'src/admin/probe.ts',
      'src/links/probe.ts',
      'src/zendesk/probe.ts',
      'src/domain/probe.ts',
    ]) {
      expect(await refusals(path, KVS), path).toEqual([
        expect.stringMatching(/Only src\/storage\/ imports @forge\/kvs/),
      ]);
    }
    expect(await refusals('src/storage/probe.ts', KVS)).toEqual([]);
  });

  it('refuses the panel to the sync and to src/links', async () => {
    const cases: [string, string][] = [
      ['src/sync/core/probe.ts', "import { openSession } from '../../panel/session';"],
      ['src/sync/fromZendesk/probe.ts', "import { openSession } from '../../panel/session';"],
      ['src/sync/toZendesk/probe.ts', "import { openSession } from '../../panel/session';"],
      ['src/sync/run/probe.ts', "import { openSession } from '../../panel/session';"],
      ['src/sync/lifecycle/probe.ts', "import { openSession } from '../../panel/session';"],
      ['src/links/probe.ts', "import { openSession } from '../panel/session';"],
    ];
    for (const [path, source] of cases) {
      expect(await refusals(path, source), path).toEqual([expect.stringMatching(/never import the panel/)]);
    }
    // The panel itself may use the sync: the rule runs one way.
    expect(await refusals('src/panel/probe.ts', "import { x } from '../sync/core/state';")).toEqual([]);
  });

  it('keeps imports going down and the sync directions apart', async () => {
    expect(await refusals('src/storage/probe.ts', "import { x } from '../sync/core/state';")).toEqual([
      expect.stringMatching(/Imports only go down/),
    ]);
    expect(await refusals('src/domain/probe.ts', "import { x } from '../storage/keys';")).toEqual([
      expect.stringMatching(/Imports only go down/),
    ]);
    expect(await refusals('src/sync/core/probe.ts', "import { x } from '../toZendesk/deliver';")).toEqual([
      expect.stringMatching(/core depends on no direction/),
    ]);
    expect(
      await refusals('src/sync/fromZendesk/probe.ts', "import { x } from '../toZendesk/deliver';"),
    ).toEqual([expect.stringMatching(/only through src\/sync\/core/)]);
    expect(await refusals('src/sync/fromZendesk/probe.ts', "import { x } from '../core/state';")).toEqual([]);
  });
});
