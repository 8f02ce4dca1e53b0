import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The sandbox web shell: the Jira-like SPA (index.html), the hidden frame that runs the real
 * UI Kit panel (panel-runtime.html) and the bridge script injected into the admin Custom UI
 * (admin-bridge.js, a fixed name because the host server writes it into the admin page).
 */
const shellRoot = fileURLToPath(new URL('./shell', import.meta.url));

export default defineConfig({
  root: shellRoot,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./build', import.meta.url)),
    emptyOutDir: true,
    // Atlaskit plus two React apps (shell and panel frame); loaded from loopback only.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      input: {
        shell: `${shellRoot}/index.html`,
        panel: `${shellRoot}/panel-runtime.html`,
        adminBridge: `${shellRoot}/src/bridge/adminBridge.ts`,
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'adminBridge' ? 'admin-bridge.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
