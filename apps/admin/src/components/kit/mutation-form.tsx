'use client';
// A form in the page itself (a drawer's last section) sent like a MutationModal: the button
// loads while it is sent, the engine's objection lands on its field, a success is said, the
// form empties and what changed is refreshed.
import { Button, Form } from 'antd';
import type { ReactNode } from 'react';
import { useFormSubmit, type SubmitProps } from './form-submit';

export function MutationForm<Values extends object, Result, Input, Err, Ctx>(
  props: SubmitProps<Values, Result, Input, Err, Ctx> & {
    /** Above the fields (a heading, a help text). */
    intro?: ReactNode;
    submitLabel: ReactNode;
    children: ReactNode;
  },
) {
  const [form] = Form.useForm<Values>();
  const { busy, run } = useFormSubmit(form, props, () => form.resetFields());
  return (
    <Form<Values> form={form} layout="vertical" onFinish={(v) => void run(v)}>
      {props.intro}
      {props.children}
      <Button type="primary" htmlType="submit" loading={busy}>
        {props.submitLabel}
      </Button>
    </Form>
  );
}
