'use client';
// Button → modal → form → mutation, the console's most repeated piece: the modal opens on a
// clean form, OK validates then sends (loading on the button), the engine's objection lands on
// the field it names; after a success what changed is refetched, then it is said and closes.
import { Button, Form, Modal, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useFormSubmit, useFreshOnOpen, type FormShellProps } from './form-submit';

export type MutationModalProps<Values, Result, Input, Err, Ctx> = FormShellProps<
  Values,
  Result,
  Input,
  Err,
  Ctx
> & {
  /** Runs at each opening (a fresh request key, …). */
  onOpen?: () => void;
  /** Above the form (a help text). */
  intro?: ReactNode;
  /** A refusal or a rejection: the OK button is red. */
  danger?: boolean;
  children: ReactNode;
};

export function MutationModal<Values extends object, Result, Input, Err, Ctx>(
  props: MutationModalProps<Values, Result, Input, Err, Ctx>,
) {
  const [form] = Form.useForm<Values>();
  const { open, onClose } = props;
  useFreshOnOpen(form, open, props.initialValues, props.onOpen);
  const { busy, run } = useFormSubmit(form, props, onClose);

  const ok = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    await run(values);
  };

  return (
    <Modal
      open={open}
      title={props.title}
      okText={props.okText}
      okButtonProps={props.danger ? { danger: true } : undefined}
      onCancel={onClose}
      onOk={() => void ok()}
      confirmLoading={busy}
      destroyOnHidden
    >
      {props.intro}
      <Form<Values> form={form} layout="vertical">
        {props.children}
      </Form>
    </Modal>
  );
}

/** A MutationModal with the button that opens it (titled like the button unless told). */
export function MutationModalButton<Values extends object, Result, Input, Err, Ctx>(
  props: Omit<MutationModalProps<Values, Result, Input, Err, Ctx>, 'open' | 'onClose' | 'title'> & {
    button: Omit<ButtonProps, 'onClick' | 'children'> & { label: ReactNode };
    title?: ReactNode;
  },
) {
  const [open, setOpen] = useState(false);
  const { button, title, ...modal } = props;
  const { label, ...buttonProps } = button;
  return (
    <>
      <Button {...buttonProps} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <MutationModal<Values, Result, Input, Err, Ctx>
        {...(modal as MutationModalProps<Values, Result, Input, Err, Ctx>)}
        title={title ?? label}
        open={open}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
