export * from './types';
export { validateConditions } from './validate';
export { compileConditions, type Predicate } from './compile';
export {
  explainConditions,
  evaluateWithEngine,
  type Explanation,
  type LeafExplanation,
} from './explain';
