import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The sandbox web shell: the Jira-like SPA (index.html), the hidden frame that runs the real
 * UI Kit panel (panel-runtime.html) and the bridge script injected into the admin Custom UI
 * (admin-bridge.js, a fixed name because the host server writes it into the admin page), and
 * the frame of the UI Kit gallery (uikit-gallery-runtime.html), a page listing what the
 * renderer supports.
 */
const shellRoot = fileURLToPath(new URL('./shell', import.meta.url));

export default defineConfig({
  root: shellRoot,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  // The panel does `import ForgeReconciler from '@forge/react'` (a CJS package with
  // `exports.default`). In this "type": "module" repo Vite 8 would hand it module.exports
  // (Node semantics); Forge's bundler, like Vite before 8, honours __esModule and gives
  // exports.default. The legacy interop matches what the app gets in Forge.
  legacy: { inconsistentCjsInterop: true },
  build: {
    outDir: fileURLToPath(new URL('./build', import.meta.url)),
    emptyOutDir: true,
    // Atlaskit plus two React apps (shell and panel frame); loaded from loopback only.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      input: {
        shell: `${shellRoot}/index.html`,
        panel: `${shellRoot}/panel-runtime.html`,
        gallery: `${shellRoot}/uikit-gallery-runtime.html`,
        adminBridge: `${shellRoot}/src/bridge/adminBridge.ts`,
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'adminBridge' ? 'admin-bridge.js' : 'assets/[name]-[hash].js',
      },
    },
  },
});
