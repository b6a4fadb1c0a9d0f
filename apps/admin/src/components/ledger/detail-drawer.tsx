'use client';
// A list row's details in a drawer: its fields as label and value, two to a line.
import { Descriptions, Drawer } from 'antd';
import type { ReactNode } from 'react';

export interface Detail {
  label: string;
  value: ReactNode;
  /** The whole line (long texts). */
  wide?: boolean;
}

export function DetailDrawer({
  title,
  details,
  onClose,
}: {
  title: string;
  /** null: closed. */
  details: Detail[] | null;
  onClose: () => void;
}) {
  return (
    <Drawer open={details !== null} onClose={onClose} size={720} title={title} destroyOnHidden>
      {details && (
        <Descriptions size="small" column={2} bordered data-testid="row-details">
          {details.map((d) => (
            <Descriptions.Item key={d.label} label={d.label} span={d.wide ? 2 : 1}>
              {d.value ?? '—'}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Drawer>
  );
}
