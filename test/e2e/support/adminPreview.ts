/**
 * Serves the built admin page (static/admin/build) on loopback with the same kind of
 * Content-Security-Policy Forge puts on Custom UI: scripts only from the app's own origin,
 * inline styles allowed (manifest `permissions.content.styles: [unsafe-inline]`, which
 * Atlaskit's runtime styles need).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';

const adminRoot = fileURLToPath(new URL('../../../static/admin/', import.meta.url));
const configFile = fileURLToPath(new URL('../../../static/admin/vite.config.ts', import.meta.url));
const buildIndex = fileURLToPath(new URL('../../../static/admin/build/index.html', import.meta.url));

export const FORGE_LIKE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** `npm test` builds first; a direct `vitest run` of this file builds when the output is missing. */
export async function ensureAdminBuild(): Promise<void> {
  if (existsSync(buildIndex)) return;
  // Vitest sets NODE_ENV=test, and Vite bundles React's development build whenever NODE_ENV is not
  // production: the page would then differ from `npm run build`'s (strict-mode warnings included).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: adminRoot, configFile, mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export interface AdminPreview {
  url: string;
  close: () => Promise<void>;
}

export async function startAdminPreview(): Promise<AdminPreview> {
  const server: PreviewServer = await preview({
    root: adminRoot,
    configFile,
    logLevel: 'silent',
    preview: {
      host: '127.0.0.1',
      port: 0,
      strictPort: true,
      open: false,
      headers: { 'Content-Security-Policy': FORGE_LIKE_CSP },
    },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no TCP address');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}
