'use client';
// What every console form does when it is sent (modals and drawers alike): run the mutation
// with the form's values, refresh what it changed, say it worked, close; or put the engine's
// objection on the field it names (handleError), refreshing after a conflict when asked.
import {
  useMutation,
  useQueryClient,
  type QueryKey,
  type UseMutationOptions,
} from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '@/i18n';
import { errorInfo, handleError } from '@/lib/errors';

/** What to say after a success: a text (a success message) or a message of another type. */
export type Notice =
  string | { type: 'success' | 'info' | 'warning'; content: string; duration?: number };

interface SubmitCommon<Values, Result> {
  /** Said after a success; 已保存 unless given, nothing when null. */
  success?: Notice | null | ((result: Result, values: Values) => Notice | null);
  /** Called after a success, once what changed is refreshed and the form closed. */
  onSuccess?: (result: Result, values: Values) => void;
  /** Queries refreshed after a success (tRPC pathKey()/queryKey()). */
  invalidate?: readonly QueryKey[];
  /** A conflict (someone was quicker) refreshes them too. */
  invalidateOnConflict?: boolean;
  /** Four-eyes refusals shown in the engine's words (see handleError). */
  sayRefusals?: boolean;
  /** Handles an error itself first; returns true when nothing more is to be done. */
  onError?: (error: unknown, form: FormInstance<Values>) => boolean;
}

/** A tRPC mutation (trpc.x.y.mutationOptions()) and the input it takes from the form's values … */
interface ViaMutation<Values, Result, Input, Err, Ctx> {
  mutation: UseMutationOptions<Result, Err, Input, Ctx>;
  input: (values: Values) => Input;
  submit?: never;
}

/** … or any asynchronous work (several mutations, a choice between two). */
interface ViaSubmit<Values, Result> {
  submit: (values: Values) => Promise<Result>;
  mutation?: never;
  input?: never;
}

export type SubmitProps<
  Values,
  Result,
  Input = Values,
  Err = unknown,
  Ctx = unknown,
> = SubmitCommon<Values, Result> &
  (ViaMutation<Values, Result, Input, Err, Ctx> | ViaSubmit<Values, Result>);

/** What a modal or drawer around a sent form is told, with what it sends. */
export type FormShellProps<Values, Result, Input, Err, Ctx> = SubmitProps<
  Values,
  Result,
  Input,
  Err,
  Ctx
> & {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  /** The form's values at each opening. */
  initialValues?: Partial<Values>;
  /** The OK button's text. */
  okText?: ReactNode;
};

export function useFormSubmit<Values, Result, Input, Err, Ctx>(
  form: FormInstance<Values>,
  props: SubmitProps<Values, Result, Input, Err, Ctx>,
  close: () => void,
) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const source = (props.mutation ?? { mutationFn: props.submit }) as UseMutationOptions<
    Result,
    Err,
    Input,
    Ctx
  >;
  // The form shows the errors: the global handler stays out of it.
  const mutation = useMutation({ ...source, meta: { ...source.meta, handlesErrors: true } });

  const invalidate = () =>
    Promise.all(
      (props.invalidate ?? []).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );

  const notify = (result: Result, values: Values) => {
    const notice =
      typeof props.success === 'function'
        ? props.success(result, values)
        : props.success === undefined
          ? t('common.saved')
          : props.success;
    if (notice === null) return;
    if (typeof notice === 'string') void message.success(notice);
    else void message[notice.type](notice.content, notice.duration);
  };

  const run = async (values: Values) => {
    try {
      const input = props.input ? props.input(values) : (values as unknown as Input);
      const result = await mutation.mutateAsync(input);
      // Refetched before the form closes: as it goes, the page already shows what changed.
      await invalidate();
      notify(result, values);
      close();
      props.onSuccess?.(result, values);
    } catch (error) {
      if (!props.onError?.(error, form))
        handleError(error, { form, sayRefusals: props.sayRefusals });
      if (props.invalidateOnConflict && errorInfo(error).code === 'CONFLICT') await invalidate();
    }
  };

  return { busy: mutation.isPending, run };
}

/**
 * Every opening starts from a clean form with the given values (the form instance outlives
 * its modal or drawer); `onOpen` runs then too.
 */
export function useFreshOnOpen<Values>(
  form: FormInstance<Values>,
  open: boolean,
  initialValues: Partial<Values> | undefined,
  onOpen?: () => void,
) {
  const latest = useRef({ initialValues, onOpen });
  latest.current = { initialValues, onOpen };
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const { initialValues: values, onOpen: opened } = latest.current;
    if (values) form.setFieldsValue(values);
    opened?.();
  }, [open, form]);
}
