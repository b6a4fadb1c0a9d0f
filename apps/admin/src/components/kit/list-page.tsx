'use client';
// The list-page anatomy (ant-design-pro): a titled card, a search form (search-form.tsx), the
// table, and keyset paging — either previous/next over a stack of cursors, or 加载更多 under an
// infinite list.
import { Button, Card, Space, Table, Typography, type CardProps, type TableProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '@/i18n';
import { LoadMore } from './load-more';

/** A card whose title is the page's (h1) or a section's (h2) heading. */
export function TitledCard({
  heading,
  level = 1,
  ...card
}: Omit<CardProps, 'title'> & { heading: ReactNode; level?: 1 | 2 }) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return <Card title={<Heading className="page-title">{heading}</Heading>} {...card} />;
}

/** Items stacked with the console's spacing, full width. */
export function Stack({
  gap = 'middle',
  children,
}: {
  gap?: 'middle' | 'large';
  children: ReactNode;
}) {
  return (
    <Space orientation="vertical" size={gap} style={{ width: '100%' }}>
      {children}
    </Space>
  );
}

/**
 * Keyset pages with previous/next: a stack of cursors (the first page's is null). A new `key`
 * (the filters the pages are of) starts again on the first page.
 */
export function useCursorPages(key?: string) {
  const [state, setState] = useState<{ key?: string; cursors: (string | null)[] }>({
    key,
    cursors: [null],
  });
  const cursors = state.key === key ? state.cursors : [null];
  const of = (s: typeof state) => (s.key === key ? s.cursors : [null]);
  return {
    cursor: cursors.at(-1) ?? null,
    page: cursors.length,
    reset: () => setState({ key, cursors: [null] }),
    back: () => setState((s) => ({ key, cursors: of(s).slice(0, -1) })),
    forward: (next: string) => setState((s) => ({ key, cursors: [...of(s), next] })),
  };
}

export function PageNav(props: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor: string | null | undefined;
  busy: boolean;
}) {
  const t = useT();
  const { pages, nextCursor, busy } = props;
  return (
    <nav
      aria-label={t('common.pagination')}
      style={{
        marginTop: 16,
        display: 'flex',
        justifyContent: 'flex-end',
        alignItems: 'center',
        gap: 8,
      }}
    >
      <Typography.Text type="secondary">{t('common.page', { page: pages.page })}</Typography.Text>
      <Button disabled={pages.page <= 1 || busy} onClick={pages.back}>
        {t('common.prev')}
      </Button>
      <Button
        disabled={!nextCursor || busy}
        onClick={() => nextCursor && pages.forward(nextCursor)}
      >
        {t('common.next')}
      </Button>
    </nav>
  );
}

/** For tRPC infinite queries answering { items, nextCursor }. */
export const nextCursorPaging = {
  getNextPageParam: <Cursor,>(last: { nextCursor: Cursor }) => last.nextCursor,
};

/**
 * A table of what rows the console's tables share: no pagination unless `pageSize` (then
 * hidden on a single page), `empty` as the text of an empty table.
 */
export function DataTable<Row extends object>({
  empty,
  pageSize,
  ...table
}: TableProps<Row> & { empty?: string; pageSize?: number }) {
  return (
    <Table<Row>
      pagination={pageSize ? { pageSize, hideOnSinglePage: true } : false}
      locale={empty ? { emptyText: empty } : undefined}
      {...table}
    />
  );
}

interface InfiniteList<Row> {
  data?: { pages: { items: Row[] }[] };
  isFetching: boolean;
  isFetchingNextPage: boolean;
  hasNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The rows of an infinite keyset list in a table, with 加载更多 under it. */
export function KeysetTable<Row extends object>({
  list,
  ...table
}: Omit<TableProps<Row>, 'dataSource' | 'loading' | 'pagination'> & {
  list: InfiniteList<Row>;
  empty?: string;
}) {
  return (
    <>
      <DataTable<Row>
        dataSource={list.data?.pages.flatMap((p) => p.items) ?? []}
        loading={list.isFetching && !list.isFetchingNextPage}
        {...table}
      />
      <LoadMore {...list} />
    </>
  );
}
