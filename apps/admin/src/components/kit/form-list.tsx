'use client';
// Pieces of an editable Form.List: a card or a row that can be removed, and the dashed button
// that adds one more.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, type CardProps } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useT } from '@/i18n';

export function RemoveButton(props: {
  onRemove: () => void;
  size?: 'small';
  style?: CSSProperties;
}) {
  const t = useT();
  return (
    <Button
      size={props.size}
      aria-label={t('common.remove')}
      icon={<DeleteOutlined />}
      style={props.style}
      onClick={props.onRemove}
    />
  );
}

export function AddButton(props: { onAdd: () => void; label: ReactNode; size?: 'small' }) {
  return (
    <Button type="dashed" size={props.size} icon={<PlusOutlined />} onClick={props.onAdd}>
      {props.label}
    </Button>
  );
}

/** One entry of a list as a small card with its remove button at the top right. */
export function RemovableCard({
  onRemove,
  ...card
}: Omit<CardProps, 'extra' | 'size'> & { onRemove: () => void }) {
  return <Card size="small" extra={<RemoveButton size="small" onRemove={onRemove} />} {...card} />;
}

/**
 * One entry of a list as a row of fields with its remove button last; `labelled` fields have
 * their labels above, the button then sits level with the inputs.
 */
export function RemovableRow(props: {
  onRemove: () => void;
  labelled?: boolean;
  wrap?: boolean;
  children: ReactNode;
}) {
  return (
    <Space align="start" wrap={props.wrap} style={props.labelled ? undefined : { display: 'flex' }}>
      {props.children}
      <RemoveButton
        onRemove={props.onRemove}
        style={props.labelled ? { marginTop: 30 } : undefined}
      />
    </Space>
  );
}
