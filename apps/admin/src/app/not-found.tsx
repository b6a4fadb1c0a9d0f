'use client';
import { Result } from 'antd';
import Link from 'next/link';
import { useT } from '@/i18n';

export default function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={<Link href="/">{t('common.backHome')}</Link>}
    />
  );
}
