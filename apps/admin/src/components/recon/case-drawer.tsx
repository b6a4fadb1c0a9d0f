'use client';
// One reconciliation case: ours and theirs side by side, the difference and why, who has it,
// its history; finance (recon.handle) takes it and resolves it — 补单 (our failed order
// completed from the statement), 冲正 (our success reversed: the installment owes it again),
// 退款 (money taken for no order of ours, owed back), 核销 (within the channel's
// tolerance), 关闭 (explained) — each with a note. Above the approval limit an action waits
// for another finance user, who approves or rejects it here.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Money, MutationModal, NoteField, Stack } from '@/components/kit';
import { JsonText } from '@/components/history/json-text';
import { EnumTag, StatusBadge } from '@/components/status';
import { enumLabel, useT, type Translate } from '@/i18n';
import { formatYuan, shanghaiTime } from '@/lib/format';
import { useCan, useMe } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { RECON_CASE_ACTIONS } from '@repay/rules/vocabulary';
import { caseReasonText } from './case-reason';

type CaseDetail = RouterOutputs['recon']['case'];
type Action = (typeof RECON_CASE_ACTIONS)[number];

/** What finance may try on the case (the engine checks again, and says why not). */
function actionsFor(c: CaseDetail): Action[] {
  const actions: Action[] = [];
  if (c.kind === 'overage' && c.orderStatus === 'failed') actions.push('complete');
  if (c.kind === 'shortage' && c.orderStatus === 'succeeded') actions.push('reverse');
  // Money taken for an order of ours is that order's (补单), not a refund.
  if (c.kind === 'overage' && c.orderStatus === null) actions.push('refund');
  // A write-off corrects our books against an order of ours.
  if (c.ourStatus !== null) actions.push('write_off');
  actions.push('close');
  return actions;
}

/** A history entry's name: "proposed:refund" → 提议退款. */
function historyLabel(t: Translate, action: string): string {
  const [step, what] = action.split(':');
  if (what)
    return `${enumLabel(t, 'reconHistory', step!)} ${enumLabel(t, 'reconCaseAction', what)}`;
  return (RECON_CASE_ACTIONS as readonly string[]).includes(action)
    ? enumLabel(t, 'reconCaseAction', action)
    : enumLabel(t, 'reconHistory', action);
}

type Acting =
  { kind: 'assign' } | { kind: 'act'; action: Action } | { kind: 'decide'; approve: boolean };

export function CaseDrawer({ caseId, onClose }: { caseId: string | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const me = useMe();
  const canHandle = useCan('recon.handle');
  const [acting, setActing] = useState<Acting | null>(null);
  const detail = useQuery({
    ...trpc.recon.case.queryOptions({ caseId: caseId ?? 'rcc_0' }),
    enabled: caseId !== null,
  });
  const c = detail.data;
  const mine = `user:${me.id}`;
  const close = () => setActing(null);
  const invalidate = [trpc.recon.pathKey()];

  return (
    <Drawer
      open={caseId !== null}
      onClose={onClose}
      size={760}
      title={c ? t('recon.caseTitle', { id: c.id }) : ''}
      destroyOnHidden
    >
      {c && (
        <Stack gap="large">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('recon.kind')}>
              <EnumTag group="reconCaseKind" value={c.kind} />
            </Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <StatusBadge group="reconCaseStatus" value={c.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('recon.channel')}>{c.channelCode}</Descriptions.Item>
            <Descriptions.Item label={t('recon.businessDate')}>{c.businessDate}</Descriptions.Item>
            <Descriptions.Item label={t('recon.orderId')} span={2}>
              <Typography.Text code copyable>
                {c.orderId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('recon.ours')}>
              <Space orientation="vertical" size={0}>
                <span>
                  {t('recon.sideStatus')}: {c.ourStatus ?? '—'}
                  {c.orderStatus && c.orderStatus !== c.ourStatus && (
                    <Typography.Text type="secondary">
                      {' '}
                      ({t('recon.orderNow', { status: c.orderStatus })})
                    </Typography.Text>
                  )}
                </span>
                <span>
                  {t('recon.amount')}: <Money value={c.ourAmount} />
                </span>
                <span>
                  {t('recon.fee')}: <Money value={c.ourFee} />
                </span>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('recon.theirs')}>
              <Space orientation="vertical" size={0}>
                <span>
                  {t('recon.sideStatus')}: {c.theirStatus ?? '—'}
                </span>
                <span>
                  {t('recon.amount')}: <Money value={c.theirAmount} />
                </span>
                <span>
                  {t('recon.fee')}: <Money value={c.theirFee} />
                </span>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('recon.difference')}>
              <Money value={c.difference} danger={c.difference.startsWith('-')} />
            </Descriptions.Item>
            <Descriptions.Item label={t('recon.owner')}>{c.owner ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('recon.reason')} span={2}>
              {caseReasonText(t, c)}
            </Descriptions.Item>
            {c.resolution && (
              <Descriptions.Item label={t('recon.resolution')} span={2}>
                {enumLabel(t, 'reconCaseAction', c.resolution)}
              </Descriptions.Item>
            )}
          </Descriptions>

          {c.pendingAction && (
            <Alert
              type="warning"
              showIcon
              data-testid="pending-action"
              title={t('recon.waitingFor', {
                action: enumLabel(t, 'reconCaseAction', c.pendingAction.action),
              })}
              description={
                <Space orientation="vertical" size={4}>
                  <span>
                    {t('recon.proposedBy', {
                      who: c.pendingAction.proposedBy ?? '—',
                      at: shanghaiTime(c.pendingAction.proposedAt),
                    })}
                  </span>
                  {c.pendingAction.note && <span>{c.pendingAction.note}</span>}
                  {canHandle &&
                    (c.pendingAction.proposedBy === mine ? (
                      <Typography.Text type="secondary">{t('recon.secondPerson')}</Typography.Text>
                    ) : (
                      <Space>
                        <Button
                          type="primary"
                          onClick={() => setActing({ kind: 'decide', approve: true })}
                        >
                          {t('recon.approve')}
                        </Button>
                        <Button
                          danger
                          onClick={() => setActing({ kind: 'decide', approve: false })}
                        >
                          {t('recon.reject')}
                        </Button>
                      </Space>
                    ))}
                </Space>
              }
            />
          )}

          {canHandle && c.status !== 'resolved' && !c.pendingAction && (
            <Space wrap data-testid="case-actions">
              {c.owner !== mine && (
                <Button onClick={() => setActing({ kind: 'assign' })}>{t('recon.assign')}</Button>
              )}
              {actionsFor(c).map((action) => (
                <Button
                  key={action}
                  type={action === 'close' ? 'default' : 'primary'}
                  ghost={action !== 'close'}
                  onClick={() => setActing({ kind: 'act', action })}
                >
                  {enumLabel(t, 'reconCaseAction', action)}
                </Button>
              ))}
            </Space>
          )}

          <div>
            <Typography.Title level={5}>{t('recon.history')}</Typography.Title>
            <Timeline
              data-testid="case-history"
              items={c.actions.map((a) => ({
                content: (
                  <Space orientation="vertical" size={0}>
                    <Space>
                      <Typography.Text strong>{historyLabel(t, a.action)}</Typography.Text>
                      <Typography.Text type="secondary">
                        {`${a.actorType}:${a.actorId}`} · {shanghaiTime(a.createdAt)}
                      </Typography.Text>
                    </Space>
                    {/* The run wrote the reason as the note of its opening: worded as above. */}
                    {a.note && (
                      <span>
                        {a.action === 'opened' && a.note === c.reason
                          ? caseReasonText(t, c)
                          : a.note}
                      </span>
                    )}
                    {a.evidence && <JsonText value={a.evidence} />}
                  </Space>
                ),
              }))}
            />
          </div>

          <MutationModal
            open={acting?.kind === 'assign'}
            onClose={close}
            title={t('recon.assignTitle', { id: c.id })}
            mutation={trpc.recon.assignCase.mutationOptions()}
            input={(v: { note: string }) => ({ caseId: c.id, note: v.note.trim() })}
            success={t('recon.assigned')}
            invalidate={invalidate}
            invalidateOnConflict
          >
            <NoteField label={t('recon.note')} max={500} min={2} />
          </MutationModal>
          <MutationModal
            open={acting?.kind === 'act'}
            onClose={close}
            title={
              acting?.kind === 'act'
                ? t('recon.actTitle', {
                    action: enumLabel(t, 'reconCaseAction', acting.action),
                    amount: formatYuan(c.difference),
                  })
                : ''
            }
            intro={
              acting?.kind === 'act' && (
                <Typography.Paragraph type="secondary">
                  {t(`recon.actHelp.${acting.action}`)}
                </Typography.Paragraph>
              )
            }
            danger={
              acting?.kind === 'act' &&
              (acting.action === 'write_off' || acting.action === 'reverse')
            }
            mutation={trpc.recon.actOnCase.mutationOptions()}
            input={(v: { note: string }) => ({
              caseId: c.id,
              action: (acting as { action: Action }).action,
              note: v.note.trim(),
            })}
            success={(r) =>
              r?.status === 'pending_approval'
                ? { type: 'warning', content: t('recon.proposed'), duration: 6 }
                : t('recon.resolved')
            }
            invalidate={invalidate}
            invalidateOnConflict
          >
            <NoteField label={t('recon.note')} max={500} min={2} />
          </MutationModal>
          <MutationModal
            open={acting?.kind === 'decide'}
            onClose={close}
            title={t(
              acting?.kind === 'decide' && acting.approve
                ? 'recon.approveTitle'
                : 'recon.rejectTitle',
              {
                action: c.pendingAction
                  ? enumLabel(t, 'reconCaseAction', c.pendingAction.action)
                  : '',
              },
            )}
            okText={t(
              acting?.kind === 'decide' && acting.approve ? 'recon.approve' : 'recon.reject',
            )}
            danger={acting?.kind === 'decide' && !acting.approve}
            mutation={trpc.recon.decideCase.mutationOptions()}
            input={(v: { note: string }) => ({
              caseId: c.id,
              approve: (acting as { approve: boolean }).approve,
              note: v.note.trim(),
            })}
            success={(r) => (r?.status === 'resolved' ? t('recon.resolved') : t('recon.rejected'))}
            invalidate={invalidate}
            invalidateOnConflict
            sayRefusals
          >
            <NoteField label={t('recon.note')} max={500} min={2} />
          </MutationModal>
        </Stack>
      )}
    </Drawer>
  );
}
