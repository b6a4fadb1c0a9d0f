'use client';
// A file picked into a form: read in the browser when chosen (the form's value is the name,
// size and base64 bytes), at most `maxBytes`; nothing is sent until the form is.
import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Space, Typography, Upload } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '@/i18n';
import { formatCount } from '@/lib/format';
import { readPicked, type PickedFile } from './recon-options';

function FilePicker(props: {
  value?: PickedFile;
  onChange?: (file: PickedFile | undefined) => void;
  accept?: string;
  label: string;
}) {
  const t = useT();
  return (
    <Space wrap>
      <Upload
        accept={props.accept}
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          void readPicked(file).then((picked) => props.onChange?.(picked));
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} aria-label={props.label}>
          {t('recon.pickFile')}
        </Button>
      </Upload>
      {props.value && (
        <Typography.Text data-testid="picked-file">
          {props.value.name} ({t('recon.bytes', { bytes: formatCount(props.value.size) })})
        </Typography.Text>
      )}
    </Space>
  );
}

export function FileField(props: {
  name: string;
  label: ReactNode;
  /** The picker button's accessible name. */
  ariaLabel: string;
  maxBytes: number;
  required?: boolean;
  accept?: string;
}) {
  const t = useT();
  const mb = props.maxBytes / 1024 / 1024;
  return (
    <Form.Item
      name={props.name}
      label={props.label}
      rules={[
        { required: props.required ?? true, message: t('recon.fileRequired') },
        {
          validator: (_, value: PickedFile | undefined) =>
            !value || value.size <= props.maxBytes
              ? Promise.resolve()
              : Promise.reject(new Error(t('recon.fileTooLarge', { mb }))),
        },
      ]}
    >
      <FilePicker accept={props.accept} label={props.ariaLabel} />
    </Form.Item>
  );
}
