import base from '@repay/eslint-config/base';
import boundaries from 'eslint-plugin-boundaries';

// Module doors (eslint-plugin-boundaries). Each folder under src/modules is a module; its files
// import each other freely. From anywhere else a module is reached only through its doors:
//   index.ts  — its public surface, for other modules, jobs, routers, the CLI and the seed: types,
//               and functions that take the caller's transaction (its *.api.ts);
//   wiring.ts — how the engine assembles it (repository and service factories, its tRPC router
//               and REST routes): only the composition (app.ts, trpc/root.ts, http/server.ts)
//               and the benchmarks open it.
// No module imports the composition root (app.ts): the services' types live in context.ts.
const composition = [
  'src/app.ts',
  'src/repositories.ts',
  'src/trpc/root.ts',
  'src/http/server.ts',
  'bench/**',
];

export default [
  ...base,
  {
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts'] } },
      'boundaries/elements': [
        { type: 'module', pattern: 'src/modules/*', capture: ['module'], partialMatch: false },
        { type: 'engine', pattern: 'src', partialMatch: false },
        { type: 'bench', pattern: 'bench', partialMatch: false },
      ],
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'boundaries/legacy-templates': false,
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              disallow: {
                to: { element: { type: 'module', fileInternalPath: '!{index,wiring}.ts' } },
              },
              message: 'Import another module through its door (index.ts), not its files',
            },
            {
              disallow: { to: { element: { type: 'module', fileInternalPath: 'wiring.ts' } } },
              message:
                "A module's wiring door is for the composition (app.ts, trpc/root.ts, http/server.ts) and bench; use its index.ts",
            },
            {
              from: { file: { path: composition } },
              allow: { to: { element: { type: 'module', fileInternalPath: 'wiring.ts' } } },
            },
            {
              from: { element: { type: 'module' } },
              disallow: { to: { file: { path: 'src/app.ts' } } },
              message: 'A module does not import the composition root; its types are in context.ts',
            },
          ],
        },
      ],
    },
  },
];
