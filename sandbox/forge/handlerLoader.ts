/**
 * Loads a manifest handler (`file.export`) the way the Forge bundler resolves it: `file` is a
 * path under the app's `src/` directory. The module is imported, not bundled, so the same
 * TypeScript sources run under vitest and tsx.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EmulatorConfigError } from './errors';
import type { FunctionDef } from './manifest';

export type Handler = (...args: unknown[]) => unknown;

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.jsx', '.mjs'];

export function resolveHandlerFile(appDir: string, fn: FunctionDef): string {
  const base = join(appDir, 'src', fn.file);
  for (const ext of EXTENSIONS) {
    const candidate = `${base}${ext}`;
    if (existsSync(candidate)) return candidate;
  }
  throw new EmulatorConfigError(
    `Function '${fn.key}': handler '${fn.handler}' needs ${base}{${EXTENSIONS.join(',')}}, none exists`,
  );
}

export async function loadHandler(appDir: string, fn: FunctionDef): Promise<Handler> {
  const file = resolveHandlerFile(appDir, fn);
  const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
  const exported = mod[fn.exportName];
  if (typeof exported !== 'function') {
    throw new EmulatorConfigError(
      `Function '${fn.key}': ${file} has no exported function '${fn.exportName}'`,
    );
  }
  return exported as Handler;
}
