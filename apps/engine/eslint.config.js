import base from '@repay/eslint-config/base';

export default [
  ...base,
  {
    // A module is reached only through its index.ts.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/*/*', '!**/modules/*/index'],
              message: 'Import a module through its index.ts',
            },
          ],
        },
      ],
    },
  },
];
