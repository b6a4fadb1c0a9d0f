'use client';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/i18n';
import { errorData } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        const next = new URLSearchParams(window.location.search).get('next');
        router.replace(next?.startsWith('/') ? next : '/');
      },
    }),
  );
  const failure = login.error ? errorData(login.error) : null;

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: 'linear-gradient(135deg, #e6f4ff, #f5f5f5)' }}>
      <Card style={{ width: 380 }} extra={<Button type="link" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>{t('header.language')}</Button>} title={t('login.title')}>
        <Form<Credentials> layout="vertical" onFinish={(values) => login.mutate(values)} requiredMark={false}>
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true, message: t('common.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {failure && (
            <Form.Item>
              <Alert type="error" showIcon message={failure.code === 'UNAUTHORIZED' ? t('login.failed') : failure.message} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.hint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
