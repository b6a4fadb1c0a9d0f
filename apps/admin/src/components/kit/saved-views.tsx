'use client';
// 视图 on a page whose filters live in its address (dashboards, lists): pick a saved view to
// open its filters, save the current ones under a name (for oneself, or shared with everyone who
// sees the page), delete one's own. A view is the page's query string, so it opens exactly what
// its address would.
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Popconfirm, Select, Space, Tag } from 'antd';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';
import { MutationModal } from './mutation-modal';
import { canonicalQuery } from './view-query';

interface SaveValues {
  name: string;
  shared: boolean;
}

export function SavedViews() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const page = usePathname();
  const query = canonicalQuery(useSearchParams().toString());
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const views = useQuery(trpc.views.list.queryOptions({ page }));
  const listKey = trpc.views.list.queryKey({ page });
  const remove = useMutation(
    trpc.views.remove.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: listKey });
        void message.success(t('views.removed'));
      },
    }),
  );

  const all = views.data ?? [];
  // The view the address shows now, if one holds exactly these filters (own ones first).
  const current = all.find((v) => canonicalQuery(v.query) === query);
  const option = (v: (typeof all)[number]) => ({
    value: v.id,
    label: (
      <Space size={4}>
        {v.name}
        {v.shared && (
          <Tag color={v.mine ? 'blue' : 'default'}>{v.mine ? t('views.sharedTag') : v.owner}</Tag>
        )}
      </Space>
    ),
    title: v.name,
  });
  const mine = all.filter((v) => v.mine);
  const others = all.filter((v) => !v.mine);
  const options = [
    ...(mine.length ? [{ label: t('views.mine'), options: mine.map(option) }] : []),
    ...(others.length ? [{ label: t('views.shared'), options: others.map(option) }] : []),
  ];

  return (
    <Space wrap size={8} data-testid="saved-views">
      <Select
        aria-label={t('views.pick')}
        placeholder={t('views.pick')}
        style={{ minWidth: 180 }}
        value={current?.id}
        loading={views.isLoading}
        options={options}
        notFoundContent={t('views.none')}
        onChange={(id: string) => {
          const view = all.find((v) => v.id === id);
          if (view) router.replace(view.query ? `${page}?${view.query}` : page);
        }}
      />
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)}>
        {t('views.save')}
      </Button>
      {current?.removable && (
        <Popconfirm
          title={t('views.removeConfirm', { name: current.name })}
          onConfirm={() => remove.mutate({ id: current.id })}
        >
          <Button
            icon={<DeleteOutlined />}
            aria-label={t('views.remove')}
            loading={remove.isPending}
          />
        </Popconfirm>
      )}
      <MutationModal
        open={saving}
        onClose={() => setSaving(false)}
        title={t('views.saveTitle')}
        initialValues={{
          name: current?.mine ? current.name : '',
          shared: current?.mine ? current.shared : false,
        }}
        mutation={trpc.views.save.mutationOptions()}
        input={(v: SaveValues) => ({ page, name: v.name, query, shared: v.shared })}
        invalidate={[listKey]}
        success={t('views.saved')}
        intro={<p style={{ color: 'rgba(0,0,0,0.45)' }}>{t('views.saveHelp')}</p>}
      >
        <Form.Item
          name="name"
          label={t('views.name')}
          rules={[
            { required: true, whitespace: true, message: t('views.nameRequired') },
            { max: 60 },
          ]}
        >
          <Input maxLength={60} autoFocus />
        </Form.Item>
        <Form.Item name="shared" valuePropName="checked">
          <Checkbox>{t('views.shareWithAll')}</Checkbox>
        </Form.Item>
      </MutationModal>
    </Space>
  );
}
