'use client';
// The buttons a version's row offers by its status and the user's role: edit, submit or
// discard a draft (authors), approve or reject another's submission, publish in full or gray, roll back
// to a superseded one (reviewers, while no gray release runs); and the diff against what is in
// force, for everyone.
import { Button, Space, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '@/i18n';
import type { ActionKind } from '../action-modal';
import type { VersionRow } from './use-rule-actions';

export interface VersionAbilities {
  canAuthor: boolean;
  canReview: boolean;
  userId: string | undefined;
  /** A gray release is running. */
  gray: boolean;
  /** Something is published in full. */
  published: boolean;
  /** Why a gray release cannot start now (the engine's reason in words); null: it can. */
  grayUnavailable: string | null;
}

export function VersionActions(props: {
  version: VersionRow;
  can: VersionAbilities;
  onAction: (kind: ActionKind) => void;
  onEdit: () => void;
  onDiff: () => void;
  onReview: () => void;
}) {
  const t = useT();
  const { version: v, can } = props;
  const buttons: ReactNode[] = [];
  const action = (kind: ActionKind, label: string, primary = false) =>
    buttons.push(
      <Button
        key={kind}
        size="small"
        type={primary ? 'primary' : 'default'}
        onClick={() => props.onAction(kind)}
      >
        {label}
      </Button>,
    );
  const draft = v.status === 'draft' || v.status === 'rejected';
  if (draft && can.canAuthor)
    buttons.push(
      <Button key="edit" size="small" onClick={props.onEdit}>
        {t('rules.editDraft')}
      </Button>,
    );
  if (v.status === 'draft' && can.canAuthor) action('submit', t('rules.submit'), true);
  if (draft && can.canAuthor) action('discard', t('rules.discardDraft'));
  if (v.status === 'submitted' && can.canReview && v.authorId !== can.userId) {
    buttons.push(
      <Button key="review" size="small" type="primary" ghost onClick={props.onReview}>
        {t('rules.review')}
      </Button>,
    );
    action('approve', t('rules.approve'), true);
    action('reject', t('rules.reject'));
  }
  if (v.status === 'approved' && can.canReview) {
    if (!can.gray) action('publish', t('rules.publish'), true);
    if (can.grayUnavailable)
      buttons.push(
        <Tooltip key="publishGray" title={can.grayUnavailable}>
          <Button size="small" disabled>
            {t('rules.publishGray')}
          </Button>
        </Tooltip>,
      );
    else action('publishGray', t('rules.publishGray'));
  }
  if (v.status === 'superseded' && can.canReview && !can.gray)
    action('rollback', t('rules.rollback'));
  buttons.push(
    <Button key="diff" size="small" type="link" onClick={props.onDiff}>
      {t('rules.diff')}
    </Button>,
  );
  return (
    <Space wrap size={4}>
      {buttons}
    </Space>
  );
}
