// A small set of rules that find real bugs (promises nobody awaits or catches, async callbacks
// where a plain one is expected, unused code, `any` hiding type errors), with type information.
// Style is not linted here.
import tseslint from 'typescript-eslint';

const bugRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  '@typescript-eslint/only-throw-error': 'error',
  '@typescript-eslint/prefer-promise-reject-errors': 'error',
  '@typescript-eslint/no-base-to-string': 'error',
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  '@typescript-eslint/no-unused-vars': [
    'error',
    {
      argsIgnorePattern: '^_',
      varsIgnorePattern: '^_',
      caughtErrors: 'none',
      destructuredArrayIgnorePattern: '^_',
      ignoreRestSiblings: true,
    },
  ],
  'no-unsafe-finally': 'error',
  'no-self-compare': 'error',
  'no-constant-binary-expression': 'error',
  'no-fallthrough': 'error',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'packages/db/src/generated/**',
      'tools/**',
      'test/artifacts/**',
      '.data/**',
      'dist/**',
      '**/dist/**',
      'eslint.config.js',
      '.dependency-cruiser.cjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.js'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: bugRules,
  },
  {
    // Production code states its types; tests and benchmarks may poke at JSON with `any`.
    files: ['packages/*/src/**/*.ts', 'services/*/src/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
);
