// Plan versions and reschedule messages in English (spread into en.ts).
import type { planZhCN } from './plan.zh-CN';

export const planEn: Record<keyof typeof planZhCN, string> = {
  'planVersions.select': 'Plan version',
  'planVersions.option': 'v{version}',
  'planVersions.optionCurrent': 'v{version} (current)',
  'planVersions.historic': 'An earlier version, read only',
  'planVersions.title': 'Plan versions ({count})',
  'planVersions.history': 'Plan version history',
  'planVersions.version': 'Version',
  'planVersions.reason': 'Reason',
  'planVersions.change': 'Change',
  'planVersions.periodCount': 'Periods',
  'planVersions.createdBy': 'Created by',
  'planVersions.createdAt': 'Created at',
  'planVersions.view': 'View',
  'planVersions.viewing': 'Viewing',
  'planVersions.intake': 'Original plan (loan intake)',
  'planVersions.changeTerm': 'Term changed to {months} periods',
  'planVersions.changeShift': 'Due dates moved by {days} days',
  'reschedule.action': 'Reschedule',
  'reschedule.help':
    'Only periods not yet due and untouched (no payment, penalty or fee) are rescheduled; periods already due or paid stay as they are. Refused while a debit of the loan is in flight.',
  'reschedule.reason': 'Reason',
  'reschedule.mode': 'Mode',
  'reschedule.modeTerm': 'Extend or shorten the term',
  'reschedule.modeShift': 'Move the due dates',
  'reschedule.newTermMonths': 'New term (periods in total)',
  'reschedule.newTermHelp':
    'Including the periods that stay; now {term}. The remaining principal is re-amortised over the new term',
  'reschedule.shiftDays': 'Days to move',
  'reschedule.shiftHelp':
    'Every moved due date moves by the same number of days; interest for the added days is due with the first moved period',
  'reschedule.months': 'periods',
  'reschedule.days': 'days',
  'reschedule.done': 'Plan version v{version} created',
} as const;
