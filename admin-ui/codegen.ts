// GraphQL Code Generator: types for the admin UI's operations, from the checked-in SDL.
// Run `npm run codegen` after editing ../schema.graphql or any graphql(`…`) document in src/.
// The output in src/gql/generated/ is committed; CI regenerates it and fails on any difference.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/generated/**', '!src/**/*.test.{ts,tsx}', '!src/testing.tsx', '!src/test-setup.ts'],
  // Fail (rather than emit nothing) if the glob ever stops matching the operations.
  ignoreNoDocuments: false,
  generates: {
    'src/gql/generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        // Documents are plain query strings (TypedDocumentString) for the fetch client:
        // no GraphQL parser or printer in the bundle.
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          // RFC 3339 timestamps, e.g. "2026-01-31T12:00:00Z".
          DateTime: 'string',
          // Calendar days (UTC), e.g. "2026-01-31".
          Date: 'string',
          JSON: 'unknown',
        },
      },
    },
  },
};

export default config;
