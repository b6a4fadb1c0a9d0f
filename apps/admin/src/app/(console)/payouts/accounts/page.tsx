'use client';
// 资金方账户: the funders' settlement accounts remittances are paid to.
import { FunderAccountsList } from '@/components/remittance/funder-accounts-list';

export default function FunderAccountsPage() {
  return <FunderAccountsList />;
}
