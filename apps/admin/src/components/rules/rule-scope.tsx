'use client';
// The scope of the rule set being edited, for parts of the editor that depend on it (the fee
// calculator applies the all-in ceiling of the business lines the scope reaches).
import { createContext, useContext } from 'react';
import type { RuleScope } from '@repay/rules/vocabulary';

export interface RuleSetScope {
  scopeType: RuleScope;
  scopeKey: string;
}

export const RuleScopeContext = createContext<RuleSetScope | null>(null);

export const useRuleScope = () => useContext(RuleScopeContext);
