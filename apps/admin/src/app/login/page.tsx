'use client';
import { GlobalOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useI18n } from '@/i18n';
import { errorInfo, isUnreachable } from '@/lib/errors';
import { useMeQuery } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

interface Credentials {
  username: string;
  password: string;
}

/** Where to go after logging in: the page that sent us here, if it is one of ours. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export default function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMeQuery();
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      meta: { handlesErrors: true },
      onSuccess: (result) => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), result.user);
        router.replace(result.user.mustChangePassword ? '/change-password' : nextPath());
      },
    }),
  );

  // Already logged in (e.g. the back button): straight into the console.
  useEffect(() => {
    if (me.data && !login.isPending && !login.isSuccess)
      router.replace(me.data.mustChangePassword ? '/change-password' : nextPath());
  }, [me.data, login.isPending, login.isSuccess, router]);

  const failure = login.error ? errorInfo(login.error) : null;
  const failureText =
    failure &&
    (failure.code === 'UNAUTHORIZED'
      ? t('login.failed')
      : failure.code === 'TOO_MANY_REQUESTS'
        ? t('login.locked')
        : isUnreachable(failure)
          ? t('errors.network')
          : failure.message);

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(135deg, #e6f4ff, #f5f5f5)',
      }}
    >
      <Card
        style={{ width: 380 }}
        title={
          <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
            {t('login.title')}
          </Typography.Title>
        }
        extra={
          <Button
            type="link"
            icon={<GlobalOutlined />}
            title={t('header.languageAria')}
            onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
          >
            {t('header.language')}
          </Button>
        }
      >
        <Form<Credentials>
          layout="vertical"
          onFinish={(values) => login.mutate(values)}
          requiredMark={false}
        >
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {failureText && (
            <Form.Item>
              <Alert type="error" showIcon role="alert" title={failureText} />
            </Form.Item>
          )}
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={login.isPending || login.isSuccess}
          >
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph
          type="secondary"
          style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}
        >
          {t('login.hint')}
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
