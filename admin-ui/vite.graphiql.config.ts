import { defineConfig, type Plugin } from 'vite';

// GraphiQL's stylesheet inlines ~360 KB of Roboto / Fira Code woff2 data URIs.
// Its font stacks fall back to sans-serif / monospace, so drop them to keep dist/ small.
function stripEmbeddedFonts(): Plugin {
  return {
    name: 'lyceum:strip-graphiql-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]graphiql[\\/]dist[\\/]style\.css$/.test(id)) return null;
      return { code: code.replace(/@font-face\s*\{[^}]*\}/g, ''), map: null };
    },
  };
}

// Offline GraphiQL IDE: graphiql/ -> dist/graphiql/. The Rust server returns
// dist/graphiql/index.html for browser GETs of /graphql, so every asset URL in it
// is absolute under /admin/graphiql/ (dist/ is served at /admin/).
export default defineConfig({
  // Paths are relative to admin-ui/ (npm runs scripts there); outDir is relative to root.
  root: 'graphiql',
  base: '/admin/graphiql/',
  publicDir: false,
  plugins: [stripEmbeddedFonts()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: '../dist/graphiql',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // One JS file + one CSS file instead of ~30 lazily loaded CodeMirror chunks.
      output: { codeSplitting: false },
      onwarn(warning, warn) {
        // React libraries' "use client" directives are irrelevant in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
