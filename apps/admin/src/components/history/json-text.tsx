'use client';
// An event's payload or an audit diff: compact JSON on one line, the whole of it on hover.
import { Typography } from 'antd';

export function JsonText({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <>—</>;
  const text = JSON.stringify(value);
  return (
    <Typography.Text
      code
      ellipsis={{ tooltip: JSON.stringify(value, null, 2) }}
      style={{ maxWidth: 420, fontSize: 12 }}
    >
      {text}
    </Typography.Text>
  );
}
