// The rule editor's field labels by JSON path, for what names a field outside the form: the
// review diff ("扣款时段 1 · 开始") and the list of problems. The keys are the ones the kind's
// form shows on those fields; a list's items are numbered from 1.
import type { RuleKind } from '@repay/rules/vocabulary';
import type { MessageKey, Translate } from '@/i18n';

/** Path patterns ('#' for a list index) → the label key the form uses there. */
const LABELS: Record<RuleKind, Record<string, MessageKey>> = {
  window: {
    slots: 'rules.window.slots',
    'slots.#.start': 'rules.window.start',
    'slots.#.end': 'rules.window.end',
    'slots.#.name': 'rules.window.slotName',
    days: 'rules.window.days',
    'days.mode': 'rules.window.days',
    'days.holidays': 'rules.window.holidays',
    'days.workdays': 'rules.window.workdays',
    eligibility: 'rules.window.eligibility',
    'eligibility.dueToday': 'rules.window.dueToday',
    'eligibility.overdueUpToDays': 'rules.window.overdueUpToDays',
    'eligibility.skipPaused': 'rules.window.skipPaused',
    'eligibility.maxAttemptsPerDay': 'rules.window.maxAttempts',
    'eligibility.minAmount': 'rules.window.minAmount',
    amount: 'rules.window.amount',
    'amount.strategy': 'rules.window.amount',
    'amount.stepDown': 'rules.window.stepDown',
    maintenance: 'rules.window.maintenance',
    'maintenance.#.channel': 'rules.window.channel',
    'maintenance.#.start': 'rules.window.start',
    'maintenance.#.end': 'rules.window.end',
  },
  fee: {
    waiverApprovalAbove: 'rules.fee.waiverApprovalAbove',
    charges: 'rules.fee.charges',
    'charges.#.id': 'rules.fee.id',
    'charges.#.name': 'rules.name',
    'charges.#.type': 'rules.fee.type',
    'charges.#.base': 'rules.fee.base',
    'charges.#.formula': 'rules.fee.formula',
    'charges.#.dayBase': 'rules.fee.dayBase',
    'charges.#.graceDays': 'rules.fee.graceDays',
    'charges.#.accrueFrom': 'rules.fee.accrueFrom',
    'charges.#.rounding': 'rules.fee.rounding',
    'charges.#.caps.min': 'rules.fee.min',
    'charges.#.caps.maxPerInstallment': 'rules.fee.max',
    'charges.#.caps.annualRate': 'rules.fee.annualRate',
    'charges.#.tiers': 'rules.fee.tiers',
    'charges.#.tiers.#.fromDay': 'rules.fee.fromDay',
    'charges.#.tiers.#.formula': 'rules.fee.formula',
  },
  sms: {
    messages: 'rules.sms.messages',
    'messages.#.id': 'rules.fee.id',
    'messages.#.trigger': 'rules.sms.trigger',
    'messages.#.trigger.type': 'rules.sms.trigger',
    'messages.#.trigger.days': 'rules.sms.days',
    'messages.#.trigger.day': 'rules.sms.day',
    'messages.#.trigger.every': 'rules.sms.every',
    'messages.#.trigger.from': 'rules.sms.from',
    'messages.#.template': 'rules.sms.template',
    quietHours: 'rules.sms.quietHours',
    'quietHours.start': 'rules.window.start',
    'quietHours.end': 'rules.window.end',
    dailyCapPerPhone: 'rules.sms.dailyCap',
    dedupeHours: 'rules.sms.dedupeHours',
  },
  routing: {
    routes: 'rules.routing.routes',
    'routes.#.name': 'rules.routing.routeName',
    'routes.#.channels': 'rules.routing.channels',
    'routes.#.maxAmount': 'rules.routing.maxAmount',
    failover: 'rules.routing.failover',
    'failover.onClasses': 'rules.routing.onClasses',
    'failover.minSuccessRate': 'rules.routing.minSuccessRate',
    'failover.errorBurst.count': 'rules.routing.burstCount',
    'failover.errorBurst.seconds': 'rules.routing.burstSeconds',
    scoring: 'rules.routing.scoring',
    'scoring.priority': 'rules.routing.wPriority',
    'scoring.successRate': 'rules.routing.wSuccess',
    'scoring.cost': 'rules.routing.wCost',
  },
  allocation: {
    order: 'rules.allocation.order',
    oldestFirst: 'rules.allocation.oldestFirst',
    allowPartial: 'rules.allocation.allowPartial',
  },
  remittance: {
    settlement: 'rules.remittance.settlement',
    cutoff: 'rules.remittance.cutoff',
    minAmount: 'rules.remittance.minAmount',
    platformFee: 'rules.remittance.platformFee',
    'platformFee.percent': 'rules.remittance.percent',
    'platformFee.fixedPerBatch': 'rules.remittance.fixedPerBatch',
    'platformFee.minPerBatch': 'rules.remittance.minPerBatch',
  },
};

/** A form label without its hint in brackets: "公式（按元计算…）" → "公式". */
const short = (label: string) => label.replace(/\s*[（(].*[）)]\s*$/, '');

/**
 * "slots[0].start" as the editor labels it: 扣款时段 1 · 开始. Conditions are named up to the
 * conditions field (their inside is JSON in the form too); an unlabelled key shows as itself.
 */
export function ruleFieldLabel(
  t: Translate,
  kind: RuleKind,
  path: readonly (string | number)[],
): string {
  const labels = LABELS[kind];
  const parts: string[] = [];
  const pattern: string[] = [];
  for (const [i, part] of path.entries()) {
    if (typeof part === 'number') {
      pattern.push('#');
      if (parts.length > 0) parts[parts.length - 1] += ` ${part + 1}`;
      else parts.push(String(part + 1));
      continue;
    }
    pattern.push(part);
    if (part === 'conditions') {
      parts.push(short(t('rules.conditions')));
      const rest = path.slice(i + 1);
      if (rest.length > 0)
        parts.push(
          rest
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
            .join('')
            .replace(/^\./, ''),
        );
      break;
    }
    const key = labels[pattern.join('.')];
    const label = key ? short(t(key)) : part;
    // A field named like its section (days.mode under 扣款日) is said once.
    if (parts.at(-1) !== label) parts.push(label);
  }
  return parts.join(' · ');
}
