/**
 * Bundle sizes of the two frontends: the admin page as built (static/admin/build, `npm run
 * build`), and the issue panel (UI Kit, `render: native`), which Forge bundles from
 * src/frontend/panel/index.tsx at deploy time; the bench bundles it the same way with esbuild
 * (minified ES module for the browser, all dependencies included) to measure it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { REPO_ROOT } from './stack';

export interface BundleSize {
  name: string;
  files: number;
  bytes: number;
  gzipBytes: number;
  /** Largest JavaScript file, as loaded first by the browser. */
  largestJs: { file: string; bytes: number; gzipBytes: number } | null;
  note?: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function adminBundle(): BundleSize {
  const dir = join(REPO_ROOT, 'static', 'admin', 'build');
  let files: string[];
  try {
    files = walk(dir);
  } catch {
    return {
      name: 'admin page (static/admin/build)',
      files: 0,
      bytes: 0,
      gzipBytes: 0,
      largestJs: null,
      note: 'not built: run `npm run build` first',
    };
  }
  let bytes = 0;
  let gzipBytes = 0;
  let largestJs: BundleSize['largestJs'] = null;
  for (const f of files) {
    const content = readFileSync(f);
    const gz = gzipSync(content).length;
    bytes += content.length;
    gzipBytes += gz;
    if (f.endsWith('.js') && (!largestJs || content.length > largestJs.bytes))
      largestJs = { file: f.slice(dir.length + 1), bytes: content.length, gzipBytes: gz };
  }
  return { name: 'admin page (static/admin/build)', files: files.length, bytes, gzipBytes, largestJs };
}

export async function panelBundle(): Promise<BundleSize> {
  const entry = join(REPO_ROOT, 'src', 'frontend', 'panel', 'index.tsx');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js')) ?? result.outputFiles[0];
  const bytes = result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
  const gzipBytes = result.outputFiles.reduce((n, f) => n + gzipSync(f.contents).length, 0);
  return {
    name: 'issue panel (src/frontend/panel/index.tsx, esbuild)',
    files: result.outputFiles.length,
    bytes,
    gzipBytes,
    largestJs: js
      ? { file: 'index.js', bytes: js.contents.length, gzipBytes: gzipSync(js.contents).length }
      : null,
  };
}
