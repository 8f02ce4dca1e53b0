/**
 * Builds the two browser bundles the host serves when they are missing or older than their
 * sources: the admin Custom UI (static/admin → static/admin/build, the app's own build) and
 * the sandbox shell with the panel frame (sandbox/web → sandbox/web/build).
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** Scratch space for builds in progress and build locks: gitignored, same filesystem as the outputs. */
const scratch = join(repoRoot, 'node_modules', '.cache', 'zendesk-connector-sandbox');

function scratchPath(spec: BundleSpec, kind: string): string {
  return join(scratch, `${spec.outDir.slice(repoRoot.length).replace(/[\\/]+/g, '_')}.${kind}`);
}

export interface BundleSpec {
  name: string;
  configFile: string;
  /** The build's output directory (as the config file sets it). */
  outDir: string;
  /** A file the build writes; its mtime says when the bundle was built. */
  output: string;
  /** Files and directories whose changes make the bundle stale. */
  sources: string[];
}

export const ADMIN_BUNDLE: BundleSpec = {
  name: 'admin page (static/admin)',
  configFile: join(repoRoot, 'static/admin/vite.config.ts'),
  outDir: join(repoRoot, 'static/admin/build'),
  output: join(repoRoot, 'static/admin/build/index.html'),
  sources: ['static/admin/src', 'static/admin/index.html', 'static/admin/vite.config.ts', 'src/domain'].map(
    (p) => join(repoRoot, p),
  ),
};

export const SHELL_BUNDLE: BundleSpec = {
  name: 'sandbox shell and UI Kit panel frame (sandbox/web)',
  configFile: join(repoRoot, 'sandbox/web/vite.config.ts'),
  outDir: join(repoRoot, 'sandbox/web/build'),
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

/**
 * Builds into a fresh directory and swaps it in, so a server already serving the old build
 * (another test file, a running sandbox) sees either the old or the new files, never an
 * emptied directory.
 */
export async function buildBundle(spec: BundleSpec): Promise<void> {
  // Loaded only when a build is needed: vite is large and `--no-build` should not pay for it.
  const { build } = await import('vite');
  await mkdir(scratch, { recursive: true });
  const fresh = scratchPath(spec, `new-${process.pid}`);
  const old = scratchPath(spec, `old-${process.pid}`);
  await rm(fresh, { recursive: true, force: true });
  // Vite takes NODE_ENV from the environment when it is set, and vitest sets it to "test":
  // that would ship React's development build (StrictMode double-mounting included) to the
  // browser. The bundles are always production builds, as Forge serves them.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: spec.configFile,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: fresh, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await rm(old, { recursive: true, force: true });
  await rename(spec.outDir, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(fresh, spec.outDir);
  await rm(old, { recursive: true, force: true });
}

const LOCK_WAIT_MS = 180_000;
/** A lock older than this was left by a process that died mid-build. */
const LOCK_STALE_MS = 300_000;

/** One builder at a time per bundle, across processes (parallel test files, a second `npm start`). */
async function withBuildLock<T>(spec: BundleSpec, work: () => Promise<T>): Promise<T> {
  await mkdir(scratch, { recursive: true });
  const lock = scratchPath(spec, 'lock');
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(lock).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (since > LOCK_STALE_MS) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS)
        throw new Error(`Timed out waiting for ${lock} (another build?)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Builds each stale bundle; `log` receives one line per decision. */
export async function ensureBundles(specs: BundleSpec[], log: (line: string) => void): Promise<void> {
  for (const spec of specs) {
    if ((await staleReason(spec)) === null) {
      log(`${spec.name}: up to date`);
      continue;
    }
    await withBuildLock(spec, async () => {
      // Another process may have built it while this one waited for the lock.
      const reason = await staleReason(spec);
      if (reason === null) {
        log(`${spec.name}: up to date`);
        return;
      }
      log(`${spec.name}: building (${reason})…`);
      const started = Date.now();
      await buildBundle(spec);
      log(`${spec.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  }
}
