'use client';
// A statement format's editor (recon.formats): the layout as JSON, checked as it is typed by
// the same @repay/rules schema the engine runs (each problem named by its path), read live over
// a sample file, and saved as the format's next version with a note (audited). A new format
// starts from a copy of an existing one.
import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Select, Space, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { statementFormatSchema } from '@repay/rules';
import { EditDrawer } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { FileField } from './file-field';
import { FormatPreview } from './format-preview';
import { SAMPLE_MAX_BYTES, type PickedFile } from './recon-options';

export type Format = RouterOutputs['recon']['formats'][number];

interface EditorValues {
  name: string;
  body: string;
  note: string;
  sample?: PickedFile;
  date?: Dayjs;
}

interface Issue {
  field: string;
  message: string;
}

/** The JSON text's problems: its syntax, or each schema issue by its path under body. */
export function formatIssues(text: string): { body: unknown; issues: Issue[] } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { body: null, issues: [{ field: 'body', message: (error as Error).message }] };
  }
  const result = statementFormatSchema.safeParse(body);
  return {
    body,
    issues: result.success
      ? []
      : result.error.issues.map((i) => ({
          field: ['body', ...i.path.map(String)].join('.'),
          message: i.message,
        })),
  };
}

const pretty = (body: unknown) => JSON.stringify(body, null, 2);

function EditorFields({
  form,
  formats,
  editing,
}: {
  form: FormInstance<EditorValues>;
  formats: Format[];
  editing: Format | null;
}) {
  const t = useT();
  const text = Form.useWatch('body', form) ?? '';
  const sample = Form.useWatch('sample', form);
  const date = Form.useWatch('date', form);
  // Parsed once per text: the preview reads the sample again only when the body changed.
  const { body, issues } = useMemo(() => formatIssues(text), [text]);
  return (
    <>
      <Space align="start" wrap>
        <Form.Item
          name="name"
          label={t('recon.formatName')}
          rules={[
            { required: true, message: t('recon.formatNameRequired') },
            { pattern: /^[a-z0-9][a-z0-9-]{0,39}$/, message: t('recon.formatNamePattern') },
          ]}
        >
          <Input disabled={editing !== null} style={{ width: 220 }} />
        </Form.Item>
        {editing === null && (
          <Form.Item label={t('recon.copyFrom')}>
            <Select
              style={{ width: 220 }}
              aria-label={t('recon.copyFrom')}
              options={formats.map((f) => ({ value: f.name, label: `${f.name}@${f.version}` }))}
              onChange={(name: string) => {
                const from = formats.find((f) => f.name === name);
                if (from) form.setFieldValue('body', pretty(from.body));
              }}
            />
          </Form.Item>
        )}
      </Space>
      <Form.Item
        name="body"
        label={t('recon.formatBody')}
        rules={[
          {
            validator: (_, value: string) => {
              const found = formatIssues(value ?? '').issues[0];
              return found
                ? Promise.reject(new Error(`${found.field}: ${found.message}`))
                : Promise.resolve();
            },
          },
        ]}
      >
        <Input.TextArea
          rows={18}
          spellCheck={false}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          aria-label={t('recon.formatBody')}
        />
      </Form.Item>
      {issues.length === 0 ? (
        <Alert
          type="success"
          showIcon
          title={t('recon.formatValid')}
          style={{ marginBottom: 16 }}
        />
      ) : (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('recon.formatIssues', { count: issues.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="format-issues">
              {issues.map((i) => (
                <li key={`${i.field}:${i.message}`}>
                  <code>{i.field}</code> {i.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Typography.Title level={5}>{t('recon.preview')}</Typography.Title>
      <Space align="start" wrap>
        <FileField
          name="sample"
          label={t('recon.sample')}
          ariaLabel={t('recon.pickSample')}
          maxBytes={SAMPLE_MAX_BYTES}
          required={false}
        />
        <Form.Item name="date" label={t('recon.businessDate')}>
          <DatePicker allowClear={false} />
        </Form.Item>
      </Space>
      <FormatPreview
        body={issues.length === 0 ? body : null}
        sample={sample}
        businessDate={(date ?? dayjs()).format('YYYY-MM-DD')}
      />
      <Form.Item
        name="note"
        label={t('recon.formatNote')}
        style={{ marginTop: 16 }}
        rules={[{ required: true, whitespace: true, min: 2, message: t('recon.noteRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </>
  );
}

export function FormatEditor(props: {
  /** A format to edit, 'new' for a new one, null when closed. */
  editing: Format | 'new' | null;
  formats: Format[];
  onClose: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const editing = props.editing === 'new' ? null : props.editing;
  // The engine's business date, not the browser's: a file without dates is read for it.
  const now = useQuery(trpc.debits.now.queryOptions());
  return (
    <EditDrawer
      open={props.editing !== null}
      onClose={props.onClose}
      size={1000}
      title={editing ? t('recon.editFormat', { name: editing.name }) : t('recon.newFormat')}
      okText={t('recon.saveVersion')}
      initialValues={{
        name: editing?.name ?? '',
        body: editing ? pretty(editing.body) : '',
        note: '',
        date: dayjs(now.data?.date),
      }}
      mutation={trpc.recon.saveFormat.mutationOptions()}
      input={(v: EditorValues) => ({
        name: v.name,
        body: JSON.parse(v.body) as unknown,
        note: v.note.trim(),
      })}
      success={(saved) => t('recon.formatSaved', { name: saved.name, version: saved.version })}
      invalidate={[trpc.recon.formats.queryKey()]}
      invalidateOnConflict
    >
      {(form) => <EditorFields form={form} formats={props.formats} editing={editing} />}
    </EditDrawer>
  );
}
