'use client';
// A drawer with a form for create/edit (ant-design-pro anatomy). Client rules mirror the
// engine's; server errors naming a field land on that field, others go through handleError.
import { App, Button, Drawer, Form, Space, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';

export function EditDrawer<T extends object>(props: {
  title: string;
  open: boolean;
  /** Drawer width in px (440 by default). */
  size?: number;
  initialValues?: Partial<T>;
  onClose: () => void;
  onSubmit: (values: T) => Promise<unknown>;
  children: (form: FormInstance<T>) => ReactNode;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const [saving, setSaving] = useState(false);
  const { open, initialValues, onClose } = props;

  // The form instance outlives the drawer's content: start every opening from a clean store.
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (initialValues) form.setFieldsValue(initialValues);
  }, [open, initialValues, form]);

  const submit = async (values: T) => {
    setSaving(true);
    try {
      await props.onSubmit(values);
      void message.success(t('common.saved'));
      onClose();
    } catch (error) {
      handleError(error, { form });
    } finally {
      setSaving(false);
    }
  };

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
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<T> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {props.children(form)}
      </Form>
    </Drawer>
  );
}
