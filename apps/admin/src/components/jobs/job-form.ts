// A job's start form, generated from the fields the engine describes (each job's parameter
// schema): which control, its label (the dictionary's jobs.param.<name>, else the engine's
// description, else the name), its rules and first value; and the parameters sent back (a date
// as YYYY-MM-DD, empty optional fields left out). No job has a form written for it.
import dayjs, { type Dayjs } from 'dayjs';
import type { Rule } from 'antd/es/form';
import type { MessageKey, Translate } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type JobField = RouterOutputs['jobs']['list'][number]['fields'][number];

export interface JobFormItem {
  name: string;
  label: string;
  /** The engine's description, under the control (when the label is the dictionary's). */
  help: string | null;
  control: 'date' | 'integer' | 'number' | 'switch' | 'select' | 'text';
  required: boolean;
  min: number | null;
  max: number | null;
  options: string[] | null;
  rules: Rule[];
  initialValue: Dayjs | string | number | boolean | undefined;
}

const controlOf: Record<JobField['kind'], JobFormItem['control']> = {
  date: 'date',
  integer: 'integer',
  number: 'number',
  boolean: 'switch',
  enum: 'select',
  text: 'text',
};

/** A dictionary text, or null when the dictionary has none (t answers the key itself). */
const known = (t: Translate, key: string): string | null => {
  const text = t(key as MessageKey);
  return text === key ? null : text;
};

export function jobFormItems(fields: readonly JobField[], t: Translate): JobFormItem[] {
  return fields.map((f) => {
    const labelled = known(t, `jobs.param.${f.name}`);
    const label = labelled ?? f.description ?? f.name;
    const rules: Rule[] = [];
    if (f.required) rules.push({ required: true, message: t('jobs.form.required', { label }) });
    if (f.kind === 'integer' || f.kind === 'number') {
      if (f.min !== null || f.max !== null)
        rules.push({
          type: 'number',
          ...(f.min !== null ? { min: f.min } : {}),
          ...(f.max !== null ? { max: f.max } : {}),
          message: t('jobs.form.range', { label, min: f.min ?? '—', max: f.max ?? '—' }),
        });
    } else if (f.kind === 'text' && (f.min !== null || f.max !== null))
      rules.push({
        ...(f.min !== null ? { min: f.min } : {}),
        ...(f.max !== null ? { max: f.max } : {}),
      });
    const dflt = f.default;
    return {
      name: f.name,
      label,
      help: labelled ? f.description : null,
      control: controlOf[f.kind],
      required: f.required,
      min: f.min,
      max: f.max,
      options: f.options,
      rules,
      initialValue:
        dflt === null
          ? undefined
          : f.kind === 'date' && typeof dflt === 'string'
            ? dayjs(dflt)
            : dflt,
    };
  });
}

/** The form's first values, by field. */
export function initialJobValues(items: readonly JobFormItem[]): Record<string, unknown> {
  return Object.fromEntries(
    items.filter((i) => i.initialValue !== undefined).map((i) => [i.name, i.initialValue]),
  );
}

/** The parameters the engine takes from the form's values. */
export function jobParams(
  fields: readonly JobField[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined || v === null || v === '') continue;
    params[f.name] = f.kind === 'date' && dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v;
  }
  return params;
}
