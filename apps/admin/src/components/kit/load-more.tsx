'use client';
// 加载更多 under a keyset-paged list (tRPC infinite queries answering { items, nextCursor }).
import { Button } from 'antd';
import { useT } from '@/i18n';

export function LoadMore(props: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}) {
  const t = useT();
  if (!props.hasNextPage) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button loading={props.isFetchingNextPage} onClick={() => void props.fetchNextPage()}>
        {t('common.more')}
      </Button>
    </div>
  );
}
