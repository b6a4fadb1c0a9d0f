'use client';
// A drawer with a form for create/edit (ant-design-pro anatomy), sent like a MutationModal:
// client rules mirror the engine's, its objections land on the field they name.
import { Button, Drawer, Form, Space, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '@/i18n';
import { useFormSubmit, useFreshOnOpen, type FormShellProps } from './form-submit';

export type EditDrawerProps<Values, Result, Input, Err, Ctx> = FormShellProps<
  Values,
  Result,
  Input,
  Err,
  Ctx
> & {
  /** Drawer width in px (440 by default). */
  size?: number;
  children: (form: FormInstance<Values>) => ReactNode;
};

export function EditDrawer<Values extends object, Result, Input, Err, Ctx>(
  props: EditDrawerProps<Values, Result, Input, Err, Ctx>,
) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { open, onClose } = props;
  useFreshOnOpen(form, open, props.initialValues);
  const { busy, run } = useFormSubmit(form, props, onClose);

  return (
    <Drawer
      title={props.title}
      open={open}
      onClose={onClose}
      size={props.size ?? 440}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {props.okText ?? t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void run(v)}>
        {props.children(form)}
      </Form>
    </Drawer>
  );
}
