import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Forge serves the Custom UI resource from an arbitrary path, so asset URLs must be
// relative (`base: './'`); manifest.yml's admin-ui resource points at static/admin/build.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: 'build',
    emptyOutDir: true,
    // Atlaskit alone is ~800 kB minified; the page loads once inside Jira admin.
    chunkSizeWarningLimit: 1500,
  },
});
