'use client';
// The one place that turns engine errors into what a person sees.
import { TRPCClientError } from '@trpc/client';
import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';

interface ErrorData {
  code?: string;
  appCode?: string | null;
  field?: string | null;
}

export function errorData(error: unknown): ErrorData & { message: string } {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as ErrorData;
    return { ...data, message: error.message };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Shows a server error on the form field it names, or as a message. */
export function reportError(error: unknown, message: MessageInstance, form?: FormInstance) {
  const data = errorData(error);
  if (data.code === 'UNAUTHORIZED') {
    window.location.href = '/login';
    return;
  }
  if (form && data.field && form.getFieldInstance(data.field)) {
    form.setFields([{ name: data.field, errors: [data.message] }]);
    return;
  }
  void message.error(data.message);
}
