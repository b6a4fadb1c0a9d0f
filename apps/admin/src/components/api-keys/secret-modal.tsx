'use client';
// A key's secret is shown once, to the administrator who made or rotated it, with copy buttons.
import { App, Descriptions, Typography } from 'antd';
import { useT } from '@/i18n';

export function useShowApiKeySecret() {
  const t = useT();
  const { modal } = App.useApp();
  return (key: string, secret: string) =>
    void modal.info({
      title: t('apiKeys.secretTitle'),
      width: 560,
      content: (
        <>
          <Typography.Paragraph>{t('apiKeys.secretHelp')}</Typography.Paragraph>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('apiKeys.keyId')}>
              <Typography.Text copyable code>
                {key}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('apiKeys.secret')}>
              <Typography.Text copyable code aria-label={t('apiKeys.secret')}>
                {secret}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </>
      ),
    });
}
