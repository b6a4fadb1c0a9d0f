export { parseExpr, ExprSyntaxError, FUNCTIONS, type Expr } from './ast';
export {
  checkExpr,
  variablesOf,
  ExprTypeError,
  type ValueType,
  type VariableSpec,
  type VariableSpecs,
} from './check';
export {
  compileFormula,
  ExprRuntimeError,
  type CompiledFormula,
  type Inputs,
  type Value,
} from './compile';
