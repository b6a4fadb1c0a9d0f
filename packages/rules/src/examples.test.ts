import { describe, expect, it } from 'vitest';

import { exampleRuleBodies } from './examples';
import { validateRuleBody } from './rule-kinds/index';
import { RULE_KINDS } from './vocabulary';

describe('the example rule bodies', () => {
  it.each(RULE_KINDS)('%s: valid as it stands', (kind) => {
    expect(validateRuleBody(kind, exampleRuleBodies[kind])).toMatchObject({ ok: true });
  });
});
