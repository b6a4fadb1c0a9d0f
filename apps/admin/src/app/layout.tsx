import { AntdRegistry } from '@ant-design/nextjs-registry';
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { LOCALE_COOKIE, parseLocale } from '@/i18n/locale';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Repay 代收付',
  description: 'Repay collection & payout console',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The language chosen in the header (cookie), so the server renders it from the first byte.
  const locale = parseLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return (
    <html lang={locale ?? 'zh-CN'}>
      <body>
        <AntdRegistry>
          <Providers locale={locale}>{children}</Providers>
        </AntdRegistry>
      </body>
    </html>
  );
}
