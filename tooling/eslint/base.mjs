// Shared flat config: type-aware typescript-eslint rules for every workspace.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/drizzle/**', '**/node_modules/**', '*.config.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      // Configuration comes from one validated env.ts per app.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: "Use the app's env.ts" },
      ],
    },
  },
  {
    // Plain JavaScript entries (a worker thread's loader): no type information to lint with.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/env.ts', '**/*.test.ts', '**/test/**', '**/testing/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests read JSON bodies of HTTP responses: untyped by nature, asserted field by field.
    files: ['**/*.test.ts', '**/testing/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
