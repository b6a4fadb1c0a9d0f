'use client';
// A temporary password is shown once, to the administrator who made it, with a copy button.
import { App, Typography } from 'antd';
import { useT } from '@/i18n';

export function useShowTemporaryPassword() {
  const t = useT();
  const { modal } = App.useApp();
  return (username: string, password: string) =>
    void modal.info({
      title: t('users.temporaryTitle'),
      width: 460,
      content: (
        <>
          <Typography.Paragraph>{t('users.temporaryHelp', { username })}</Typography.Paragraph>
          <Typography.Paragraph
            copyable={{ text: password }}
            code
            style={{ fontSize: 18 }}
            aria-label={t('users.temporaryTitle')}
          >
            {password}
          </Typography.Paragraph>
        </>
      ),
    });
}
