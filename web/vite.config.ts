/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

const isTest = !!process.env.VITEST

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus components are imported on demand (with their CSS) wherever a
    // template uses them, so the first load only carries what the shell needs.
    Components({
      dirs: [],
      dts: 'components.d.ts',
      resolvers: [ElementPlusResolver({ importStyle: isTest ? false : 'css' })],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 800,
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['tests/setup.ts'],
    include: ['tests/**/*.spec.ts'],
    css: false,
    // The first test of a file that opens a lazily loaded page pays for transforming
    // Element Plus on a cold cache; on a busy 2-core machine that can take seconds.
    testTimeout: 30000,
    hookTimeout: 30000,
    server: { deps: { inline: ['element-plus'] } },
  },
})
