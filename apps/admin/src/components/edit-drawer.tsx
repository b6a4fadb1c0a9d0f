'use client';
// A drawer with a form for create/edit; server errors land on the field they name.
import { App, Button, Drawer, Form, Space, type FormInstance } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useI18n } from '@/i18n';
import { reportError } from '@/lib/errors';

export function EditDrawer<T extends object>(props: {
  title: string;
  open: boolean;
  initialValues?: Partial<T>;
  onClose: () => void;
  onSubmit: (values: T) => Promise<unknown>;
  children: (form: FormInstance<T>) => ReactNode;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const { open, initialValues, onClose } = props;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (initialValues) form.setFieldsValue(initialValues);
  }, [open, initialValues, form]);

  const submit = async (values: T) => {
    try {
      await props.onSubmit(values);
      void message.success(t('common.saved'));
      onClose();
    } catch (error) {
      reportError(error, message, form);
    }
  };

  return (
    <Drawer
      title={props.title}
      open={open}
      onClose={onClose}
      width={440}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()}>{t('common.save')}</Button>
        </Space>
      }
    >
      <Form<T> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {props.children(form)}
      </Form>
    </Drawer>
  );
}
