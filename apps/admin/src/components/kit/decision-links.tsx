'use client';
// The approve / reject links of a row waiting for a second person's decision.
import { Button, Space } from 'antd';

export function DecisionLinks(props: {
  approveLabel: string;
  rejectLabel: string;
  onDecide: (approve: boolean) => void;
}) {
  return (
    <Space size={0}>
      <Button type="link" size="small" onClick={() => props.onDecide(true)}>
        {props.approveLabel}
      </Button>
      <Button type="link" size="small" danger onClick={() => props.onDecide(false)}>
        {props.rejectLabel}
      </Button>
    </Space>
  );
}
