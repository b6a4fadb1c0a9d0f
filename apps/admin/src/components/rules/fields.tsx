'use client';
// Form fields whose store value is exactly the rule JSON (times "HH:mm", dates
// "YYYY-MM-DD", conditions objects), so the form and the JSON view never disagree.
import { DatePicker, Form, Input, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useT } from '@/i18n';

type Name = string | number | (string | number)[];

export function TimeField({ name, label }: { name: Name; label?: string }) {
  return (
    <Form.Item
      name={name}
      label={label}
      getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v, 'HH:mm') : null })}
      normalize={(v: Dayjs | null) => (v ? v.format('HH:mm') : undefined)}
    >
      <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} />
    </Form.Item>
  );
}

export function DatesField({ name, label }: { name: Name; label: string }) {
  return (
    <Form.Item
      name={name}
      label={label}
      getValueProps={(v: string[] | undefined) => ({ value: (v ?? []).map((d) => dayjs(d)) })}
      normalize={(v: Dayjs[] | null) => (v ?? []).map((d) => d.format('YYYY-MM-DD')).sort()}
    >
      <DatePicker multiple maxTagCount="responsive" style={{ width: '100%' }} />
    </Form.Item>
  );
}

/** A JSON text area for a conditions object; empty text means "no conditions". */
function ConditionsInput({
  value,
  onChange,
}: {
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  const t = useT();
  const [text, setText] = useState(() =>
    value === undefined ? '' : JSON.stringify(value, null, 2),
  );
  const [error, setError] = useState<string | null>(null);
  // Follow outside changes (the JSON view) unless the text already says the same thing.
  useEffect(() => {
    setText((current) => {
      try {
        const parsed: unknown = current.trim() === '' ? undefined : JSON.parse(current);
        if (JSON.stringify(parsed) === JSON.stringify(value)) return current;
      } catch {
        // keep going: replace the broken text by the new value
      }
      return value === undefined ? '' : JSON.stringify(value, null, 2);
    });
  }, [value]);
  return (
    <>
      <Input.TextArea
        value={text}
        autoSize={{ minRows: 1, maxRows: 10 }}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        placeholder='{"all":[{"fact":"businessLine","operator":"equal","value":"consumer"}]}'
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setError(null);
            onChange?.(undefined);
            return;
          }
          try {
            onChange?.(JSON.parse(e.target.value));
            setError(null);
          } catch (err) {
            setError(t('rules.invalidJson', { message: (err as Error).message }));
          }
        }}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </>
  );
}

export function ConditionsField({ name }: { name: Name }) {
  const t = useT();
  return (
    <Form.Item name={name} label={t('rules.conditions')}>
      <ConditionsInput />
    </Form.Item>
  );
}

/** Optional text inputs: an emptied field means "not set", not an empty string. */
export const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
