'use client';
// The one place that turns engine errors (tRPC codes + the engine's data.appCode/data.field)
// into what a person sees: UNAUTHORIZED → back to /login, FORBIDDEN → 无权限, a named field →
// the form field's error, anything else → a message with the server's words.
import { TRPCClientError } from '@trpc/client';
import { App, type FormInstance } from 'antd';
import { useEffect } from 'react';
import { useT, type Translate } from '@/i18n';
import { issueText } from './issue-text';

type AntApp = ReturnType<typeof App.useApp>;

export interface ErrorInfo {
  /** tRPC code (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST, NOT_FOUND, CONFLICT, …); null for network failures. */
  code: string | null;
  /** The engine's AppError code (VALIDATION_FAILED, CONFLICT, …). */
  appCode: string | null;
  /** The input field the engine blames, e.g. "code". */
  field: string | null;
  httpStatus: number | null;
  message: string;
  /** Every problem of a rejected input, each naming its field (dotted path), with its code. */
  issues: FieldProblem[];
}

/** A problem at a field: the engine's words, and its code and params to word it again. */
export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

const paramsOf = (v: unknown): Record<string, string | number> | undefined =>
  v && typeof v === 'object'
    ? Object.fromEntries(
        Object.entries(v).filter(
          (e): e is [string, string | number] =>
            typeof e[1] === 'string' || typeof e[1] === 'number',
        ),
      )
    : undefined;

interface ErrorData {
  issues?: unknown;
  code?: unknown;
  appCode?: unknown;
  field?: unknown;
  httpStatus?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as ErrorData;
    return {
      code: str(data.code),
      appCode: str(data.appCode),
      field: str(data.field),
      httpStatus: typeof data.httpStatus === 'number' ? data.httpStatus : null,
      message: error.message,
      issues: Array.isArray(data.issues)
        ? (
            data.issues as {
              field?: unknown;
              message?: unknown;
              code?: unknown;
              params?: unknown;
            }[]
          ).flatMap((i) =>
            typeof i.field === 'string' && typeof i.message === 'string'
              ? [
                  {
                    field: i.field,
                    message: i.message,
                    ...(typeof i.code === 'string'
                      ? { code: i.code, params: paramsOf(i.params) ?? {} }
                      : {}),
                  },
                ]
              : [],
          )
        : [],
    };
  }
  return {
    code: null,
    appCode: null,
    field: null,
    httpStatus: null,
    message: error instanceof Error ? error.message : String(error),
    issues: [],
  };
}

// antd's message/notification need the App context; <ErrorBridge/> (in the providers) lends them.
let ui: { message: AntApp['message']; notification: AntApp['notification']; t: Translate } | null =
  null;

export function ErrorBridge() {
  const { message, notification } = App.useApp();
  const t = useT();
  useEffect(() => {
    ui = { message, notification, t };
    return () => {
      ui = null;
    };
  }, [message, notification, t]);
  return null;
}

/** "banks[0].singleLimit" (the engine's paths) → ['banks', 0, 'singleLimit'] (antd's names). */
function namePath(field: string): (string | number)[] {
  return field
    .split(/[.[\]]/)
    .filter((k) => k !== '')
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

function formHasField(form: FormInstance, field: string): boolean {
  const wanted = namePath(field).join('.');
  let found = false;
  form.getFieldsValue(true, (meta) => {
    if (meta?.name.join('.') === wanted) found = true;
    return false;
  });
  return found;
}

/** The engine could not be reached (fetch failed, or the /trpc proxy answered 502/503). */
export function isUnreachable(info: ErrorInfo): boolean {
  return info.code === null || info.httpStatus === 502 || info.httpStatus === 503;
}

let redirecting = false;

/** Sends the browser to the login page, remembering where it was. */
export function redirectToLogin() {
  if (redirecting || typeof window === 'undefined' || window.location.pathname === '/login') return;
  redirecting = true;
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}

/**
 * Shows an error the way the console does everywhere. With a form, an error naming one of the
 * form's fields lands on that field (validation, duplicate code, …).
 */
export function handleError(
  error: unknown,
  options: {
    form?: FormInstance;
    /** A refusal by the engine's own rules (four eyes: appCode FORBIDDEN), not by the role, is shown in its words. */
    sayRefusals?: boolean;
  } = {},
): void {
  const info = errorInfo(error);
  if (info.code === 'UNAUTHORIZED') {
    redirectToLogin();
    return;
  }
  if (!ui) return;
  const { message, notification, t } = ui;
  if (info.code === 'FORBIDDEN') {
    const refusal = options.sayRefusals && info.appCode === 'FORBIDDEN';
    void message.error(refusal ? info.message : t('errors.forbidden'));
    return;
  }
  const form = options.form;
  // In the user's language where the engine gave a code; the engine's words otherwise.
  const worded = info.issues.map((i) => ({ ...i, text: issueText(t, i) }));
  const onFields = form ? worded.filter((i) => formHasField(form, i.field)) : [];
  if (form && onFields.length > 0) {
    form.setFields(onFields.map((i) => ({ name: namePath(i.field), errors: [i.text] })));
    // A problem at a field the form does not show is still said.
    const elsewhere = worded.find((i) => !onFields.includes(i));
    if (elsewhere) void message.error(elsewhere.text);
    return;
  }
  const first = worded.find((i) => i.field === info.field) ?? worded[0];
  if (form && info.field && formHasField(form, info.field)) {
    form.setFields([{ name: namePath(info.field), errors: [first?.text ?? info.message] }]);
    return;
  }
  if (first?.code) {
    void message.error(first.text);
    return;
  }
  if (isUnreachable(info)) {
    notification.error({ title: t('errors.network'), description: info.message, key: 'network' });
    return;
  }
  void message.error(info.code === 'INTERNAL_SERVER_ERROR' ? t('errors.unexpected') : info.message);
}
