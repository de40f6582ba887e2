/**
 * Vite build of the renderer: `renderer/` → `renderer/dist`, the directory the headless host and the Electron
 * window serve. Relative asset paths so the same build works over http://127.0.0.1 and the app:// protocol; no
 * inline scripts or styles, so the pages stay within the `script-src 'self'; style-src 'self'` CSP.
 * @module
 */
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = join(import.meta.dirname, '..', 'renderer');

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: join(root, 'dist'),
    emptyOutDir: true,
    // Inlined assets would become data: URLs; keep every asset a file served by 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
