/**
 * Builds the two browser bundles the host serves when they are missing or older than their
 * sources: the admin Custom UI (static/admin → static/admin/build, the app's own build) and
 * the sandbox shell with the panel frame (sandbox/web → sandbox/web/build).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface BundleSpec {
  name: string;
  configFile: string;
  /** A file the build writes; its mtime says when the bundle was built. */
  output: string;
  /** Files and directories whose changes make the bundle stale. */
  sources: string[];
}

export const ADMIN_BUNDLE: BundleSpec = {
  name: 'admin page (static/admin)',
  configFile: join(repoRoot, 'static/admin/vite.config.ts'),
  output: join(repoRoot, 'static/admin/build/index.html'),
  sources: ['static/admin/src', 'static/admin/index.html', 'static/admin/vite.config.ts', 'src/domain'].map(
    (p) => join(repoRoot, p),
  ),
};

export const SHELL_BUNDLE: BundleSpec = {
  name: 'sandbox shell and UI Kit panel frame (sandbox/web)',
  configFile: join(repoRoot, 'sandbox/web/vite.config.ts'),
  output: join(repoRoot, 'sandbox/web/build/index.html'),
  sources: [
    'sandbox/web/shell',
    'sandbox/web/uikit',
    'sandbox/web/protocol.ts',
    'sandbox/web/vite.config.ts',
    'src/frontend',
    'src/domain',
  ].map((p) => join(repoRoot, p)),
};

async function newestMtime(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path, { withFileTypes: true });
  let newest = info.mtimeMs;
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'build') continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Why the bundle needs building, or null when it is up to date. */
export async function staleReason(spec: BundleSpec): Promise<string | null> {
  const built = await newestMtime(spec.output);
  if (built === 0) return 'not built yet';
  for (const source of spec.sources) {
    if ((await newestMtime(source)) > built)
      return `${source.slice(repoRoot.length)} changed since the last build`;
  }
  return null;
}

export async function buildBundle(spec: BundleSpec): Promise<void> {
  // Loaded only when a build is needed: vite is large and `--no-build` should not pay for it.
  const { build } = await import('vite');
  await build({ configFile: spec.configFile, logLevel: 'warn' });
}

/** Builds each stale bundle; `log` receives one line per decision. */
export async function ensureBundles(specs: BundleSpec[], log: (line: string) => void): Promise<void> {
  for (const spec of specs) {
    const reason = await staleReason(spec);
    if (reason === null) {
      log(`${spec.name}: up to date`);
      continue;
    }
    log(`${spec.name}: building (${reason})…`);
    const started = Date.now();
    await buildBundle(spec);
    log(`${spec.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
