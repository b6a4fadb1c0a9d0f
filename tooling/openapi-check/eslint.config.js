import base from '@repay/eslint-config/base';

export default [
  ...base,
  // client/ is compiled against a generated client by the check itself (its own tsconfig).
  { ignores: ['client/**'] },
  // A tool, not an app: it hands the environment on to the programs it runs.
  { files: ['src/**'], rules: { 'no-restricted-properties': 'off' } },
];
