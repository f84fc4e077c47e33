/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri shell loads the built files from ui/dist (frontendDist) with relative URLs, so base is './'.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  base: './',
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // Keep CSS in files and never inline small assets as data: URLs, so a strict CSP needs no 'unsafe-inline'.
    assetsInlineLimit: 0,
    // Each lazily loaded screen brings its own stylesheet (a <link> to a file, loaded before the screen shows):
    // the first screen parses only the styles it uses.
    cssCodeSplit: true,
  },
  // Component tests run Svelte's browser build in jsdom.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
  },
}));
