/**
 * Runs @forge/lint's client-side linters without a login or network, as `forge lint`
 * would: statsig answers nothing (defaults apply) and swagger files come from disk
 * (USE_LOCAL_SWAGGER + LOCAL_*_SWAGGER, set by the caller).
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { lint, problemCount } from '@forge/lint';
import { StatsigReader } from '@forge/cli-shared';
import { validate } from '@forge/manifest';

class OfflineStatsig extends StatsigReader {
  async checkGate(): Promise<boolean | null> {
    return null;
  }
  async getDynamicConfig(): Promise<null> {
    return null;
  }
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

export async function lintApp(root: string): Promise<{ errors: number; messages: string[] }> {
  process.chdir(root);
  const validated = await validate(false, 'manifest.yml');
  const manifest = validated.manifestObject?.typedContent;
  if (!manifest) throw new Error('manifest did not parse');
  const files = (await sourceFiles(join(root, 'src'))).map((f) => relative(root, f));
  const messages: string[] = [];
  const logger = { info: (m: string) => messages.push(m) };
  // StatsigReader is all @forge/lint needs from the service; the rest is login-bound.
  const statsig = new OfflineStatsig() as unknown as Parameters<typeof lint>[4];
  const results = await lint(files, manifest, 'development', logger, statsig, {
    linter: { mode: 'client-side' },
  });
  for (const r of results) {
    for (const e of r.errors) messages.push(`error ${r.file}:${e.line}:${e.column} ${e.message}`);
    for (const w of r.warnings) messages.push(`warning ${r.file}:${w.line}:${w.column} ${w.message}`);
  }
  return { errors: problemCount(results).errors, messages };
}
