// Starting bodies for a new rule set of each kind: the canonical example bodies of @repay/rules.
export { exampleRuleBodies as ruleTemplates } from '@repay/rules/examples';
