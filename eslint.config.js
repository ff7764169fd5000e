// Flat config. No type-aware rules (no projectService), so `eslint .` stays fast;
// `npm run typecheck` covers what those rules would catch.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

const tsFiles = ['**/*.ts', '**/*.mts', '**/*.cts'];
const vueFiles = ['web/**/*.vue'];
// A leading underscore marks a deliberately unused binding (e.g. a Koa `_next`).
const unusedVars = {
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrorsIgnorePattern: '^_',
  destructuredArrayIgnorePattern: '^_',
};

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/', 'coverage/', '.data/', 'postman/*.json']),

  js.configs.recommended,

  // typescript-eslint's own file globs are .ts only; .vue <script lang="ts"> needs the same rules.
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: [...tsFiles, ...vueFiles] })),

  // Vue rules only where Vue lives.
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: vueFiles })),
  {
    files: vueFiles,
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
    rules: {
      // v-html is an XSS hole, and the CSP would not save us from markup injection.
      'vue/no-v-html': 'error',
    },
  },

  // Server, tooling and config files run in Node.
  {
    files: ['src/**', 'migrations/**', 'test/**', 'scripts/**', 'postman/**', '*.{js,cjs,mjs,ts}', 'web/vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  // The SPA runs in the browser.
  {
    files: ['web/src/**'],
    languageOptions: { globals: globals.browser },
  },

  {
    files: ['**/*.{js,cjs,mjs}'],
    rules: { 'no-unused-vars': ['error', unusedVars] },
  },
  {
    files: [...tsFiles, ...vueFiles],
    rules: { '@typescript-eslint/no-unused-vars': ['error', unusedVars] },
  },
]);
