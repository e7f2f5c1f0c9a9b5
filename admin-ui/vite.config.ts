import { defineConfig } from 'vite';

// Admin UI shell: index.html + src/ -> dist/ (served by the Rust server at /admin/).
// Output must be deterministic: CI rebuilds and runs `git diff --exit-code admin-ui/dist`.
export default defineConfig({
  base: '/admin/',
  publicDir: false,
  build: {
    outDir: 'dist',
    // Cleans dist/ entirely; the GraphiQL build (vite.graphiql.config.ts) runs afterwards.
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rollupOptions: {
      output: {
        // chart.js is only needed by the chart screens, which load it on demand.
        manualChunks: (id: string) => (/node_modules\/(chart\.js|react-chartjs-2|@kurkle)/.test(id) ? 'charts' : undefined),
      },
      onwarn(warning, warn) {
        // React Query marks modules "use client" for server components; meaningless here.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
