// Builds the dashboard (dashboard/) into dist/dashboard, which the registry serves at /ui (docs/dashboard.md).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  plugins: [react()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    // Offline and CSP-strict: every asset is a file of its own, nothing inlined as a data: script.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
    sourcemap: false,
    // Two pages: the app, and the OpenID sign-in popup's callback (/ui/oidc-callback.html).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        'oidc-callback': fileURLToPath(new URL('oidc-callback.html', import.meta.url)),
      },
    },
  },
});
