'use client';
// Form fields the console asks for in many places.
import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '@/i18n';
import { YUAN_INPUT } from '@/lib/format';

/** The reason that goes into the audit log: at least 2 characters, at most 500. */
export function ReasonField(props: { label: ReactNode; name?: string }) {
  const t = useT();
  return (
    <Form.Item
      name={props.name ?? 'reason'}
      label={props.label}
      rules={[{ required: true, min: 2, message: t('rules.reasonRequired') }]}
    >
      <Input.TextArea rows={2} maxLength={500} />
    </Form.Item>
  );
}

/** A decision's note (approve or reject): required, at most `max` characters. */
export function NoteField(props: { label: ReactNode; max: number; min?: number }) {
  return (
    <Form.Item
      name="note"
      label={props.label}
      rules={[{ required: true, whitespace: true, min: props.min, max: props.max }]}
    >
      <Input.TextArea rows={3} maxLength={props.max} />
    </Form.Item>
  );
}

/** The rule of an amount typed in yuan ("50000.00"), with the message to show. */
export const yuanRule = (message?: string) => ({ pattern: YUAN_INPUT, message });
