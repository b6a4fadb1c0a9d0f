'use client';
// The console frame: login guard, role-filtered menu, header with user, language and logout.
// Every page below is guarded here: no session → /login; a route the role lacks → 403.
import { Button, Layout, Result, Spin } from 'antd';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { ConsoleHeader } from '@/components/shell/console-header';
import { ConsoleSider } from '@/components/shell/console-sider';
import { consoleRoutes, routeOf } from '@/config/routes';
import { useT } from '@/i18n';
import { SessionProvider, useMeQuery } from '@/lib/session';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const me = useMeQuery();

  useEffect(() => {
    if (me.isSuccess && me.data === null)
      router.replace(`/login?next=${encodeURIComponent(pathname)}`);
    // A password an administrator set: nothing else until the user has chosen their own.
    else if (me.data?.mustChangePassword) router.replace('/change-password');
  }, [me.isSuccess, me.data, router, pathname]);

  if (me.isError) {
    return (
      <Result
        status="error"
        title={t('errors.network')}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!me.data || me.data.mustChangePassword) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <Spin size="large" description={t('common.loading')} />
      </div>
    );
  }
  const user = me.data;
  const allowed = consoleRoutes.filter((r) => user.permissions.includes(r.permission));
  const current = routeOf(pathname);
  const permitted = !current || user.permissions.includes(current.permission);

  return (
    <SessionProvider me={user}>
      <Layout style={{ minHeight: '100vh' }}>
        <ConsoleSider routes={allowed} current={current} />
        <Layout>
          <ConsoleHeader user={user} />
          <Layout.Content style={{ padding: 24 }}>
            {permitted ? (
              children
            ) : (
              <Result
                status="403"
                title={t('common.forbiddenTitle')}
                subTitle={t('common.forbidden')}
                extra={<Link href="/">{t('common.backHome')}</Link>}
              />
            )}
          </Layout.Content>
        </Layout>
      </Layout>
    </SessionProvider>
  );
}
