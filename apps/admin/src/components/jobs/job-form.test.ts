import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '@/i18n';
import { initialJobValues, jobFormItems, jobParams, type JobField } from './job-form';
import { countsText, jobTitle } from './job-labels';

const t = (key: MessageKey, vars?: Record<string, string | number>) => translate('en', key, vars);

const field = (f: Partial<JobField> & Pick<JobField, 'name' | 'kind'>): JobField => ({
  required: false,
  description: null,
  min: null,
  max: null,
  options: null,
  default: null,
  ...f,
});

describe('a job’s start form, generated from its fields', () => {
  it('picks a control per kind, labelled from the dictionary or the engine’s description', () => {
    const items = jobFormItems(
      [
        field({ name: 'through', kind: 'date', description: 'accrue up to this date' }),
        field({ name: 'days', kind: 'integer', min: 1, max: 31, default: 7 }),
        field({ name: 'mode', kind: 'enum', options: ['fast', 'full'], required: true }),
        field({ name: 'dryRun', kind: 'boolean', default: false, description: 'only count' }),
        field({ name: 'note', kind: 'text', max: 20 }),
        field({ name: 'rate', kind: 'number', min: 0 }),
      ],
      t,
    );
    expect(items.map((i) => [i.name, i.control, i.label, i.help])).toEqual([
      ['through', 'date', 'Accrue through', 'accrue up to this date'],
      ['days', 'integer', 'Days to look back', null],
      ['mode', 'select', 'mode', null],
      ['dryRun', 'switch', 'only count', null],
      ['note', 'text', 'note', null],
      ['rate', 'number', 'rate', null],
    ]);
    expect(items[2]!.options).toEqual(['fast', 'full']);
  });

  it('gives each field its rules: required, and the bounds of a number or a text', () => {
    const [days, mode, note, rate, through] = jobFormItems(
      [
        field({ name: 'days', kind: 'integer', min: 1, max: 31 }),
        field({ name: 'mode', kind: 'enum', options: ['a'], required: true }),
        field({ name: 'note', kind: 'text', min: 2, max: 20 }),
        field({ name: 'rate', kind: 'number', min: 0 }),
        field({ name: 'through', kind: 'date' }),
      ],
      t,
    );
    expect(days!.rules).toEqual([
      { type: 'number', min: 1, max: 31, message: 'Days to look back: from 1 to 31' },
    ]);
    expect(days!.required).toBe(false);
    expect(mode!.rules).toEqual([{ required: true, message: 'mode is required' }]);
    expect(note!.rules).toEqual([{ min: 2, max: 20 }]);
    expect(rate!.rules).toEqual([{ type: 'number', min: 0, message: 'rate: from 0 to —' }]);
    expect(through!.rules).toEqual([]);
  });

  it('starts from the defaults (a date as a date) and sends only what is filled', () => {
    const fields = [
      field({ name: 'through', kind: 'date', default: '2026-03-14' }),
      field({ name: 'days', kind: 'integer', default: 7 }),
      field({ name: 'dryRun', kind: 'boolean', default: false }),
      field({ name: 'note', kind: 'text' }),
    ];
    const initial = initialJobValues(jobFormItems(fields, t));
    expect(Object.keys(initial)).toEqual(['through', 'days', 'dryRun']);
    expect(dayjs.isDayjs(initial.through)).toBe(true);
    expect(jobParams(fields, initial)).toEqual({
      through: '2026-03-14',
      days: 7,
      dryRun: false,
    });
    expect(
      jobParams(fields, { through: dayjs('2026-03-20'), days: null, dryRun: true, note: '' }),
    ).toEqual({ through: '2026-03-20', dryRun: true });
    expect(jobParams([], { stray: 1 })).toEqual({});
  });
});

describe('a job’s words', () => {
  it('titles a job from the dictionary, by its name when the dictionary has none', () => {
    expect(jobTitle(t, { name: 'overdue-accrual', title: 'jobs.name.overdueAccrual' })).toBe(
      'Overdue accrual',
    );
    expect(jobTitle(t, { name: 'new-job', title: 'jobs.name.newJob' })).toBe('new-job');
  });

  it('names its counts, the engine’s names when the dictionary has none', () => {
    expect(countsText(t, { days: 1, installments: 3, mystery: 2 })).toBe(
      'days 1 · installments 3 · mystery 2',
    );
    expect(countsText(t, null)).toBe('—');
    expect(countsText(t, {})).toBe('—');
  });
});
