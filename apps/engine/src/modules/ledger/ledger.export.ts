// 流水 and 还款记录 as files: every ledger line, and every collection journal, the lists' filters
// find (money as yuan, times in Asia/Shanghai, the borrower as a mask).
import type { AppServices } from '../../context';
import { shanghaiTime } from '../../http/exports/cells';
import { defineExport, type ExportList } from '../../http/exports/define';
import type { CollectionView, LedgerEntryView } from './ledger.read';
import { collectionFilter, ledgerEntryFilter } from './ledger.schema';

export const ledgerExports = (services: AppServices): ExportList[] => [
  defineExport<typeof ledgerEntryFilter._output, LedgerEntryView>({
    name: 'ledger-entries',
    permission: 'ledger.read',
    title: { 'zh-CN': '账务流水', en: 'Ledger entries' },
    filter: ledgerEntryFilter,
    columns: [
      { title: { 'zh-CN': '分录编号', en: 'Entry ID' }, value: (e) => e.id },
      { title: { 'zh-CN': '凭证编号', en: 'Journal ID' }, value: (e) => e.journalId },
      { title: { 'zh-CN': '凭证键', en: 'Journal key' }, value: (e) => e.journalKey },
      { title: { 'zh-CN': '凭证类型', en: 'Journal kind' }, value: (e) => e.kind },
      { title: { 'zh-CN': '记账日期', en: 'Effective date' }, value: (e) => e.effectiveDate },
      { title: { 'zh-CN': '科目', en: 'Account' }, value: (e) => e.accountCode },
      { title: { 'zh-CN': '科目名称', en: 'Account name' }, value: (e) => e.accountName },
      { title: { 'zh-CN': '科目类别', en: 'Account type' }, value: (e) => e.accountType },
      { title: { 'zh-CN': '资金方', en: 'Funder' }, value: (e) => e.funderCode },
      { title: { 'zh-CN': '贷款订单号', en: 'Loan order no.' }, value: (e) => e.orderNo },
      { title: { 'zh-CN': '期次', en: 'Period' }, value: (e) => e.period },
      { title: { 'zh-CN': '借方（元）', en: 'Debit (yuan)' }, value: (e) => e.debit },
      { title: { 'zh-CN': '贷方（元）', en: 'Credit (yuan)' }, value: (e) => e.credit },
      { title: { 'zh-CN': '金额（元）', en: 'Amount (yuan)' }, value: (e) => e.amount },
      { title: { 'zh-CN': '摘要', en: 'Memo' }, value: (e) => e.memo },
      { title: { 'zh-CN': '入账时间', en: 'Posted at' }, value: (e) => shanghaiTime(e.at) },
    ],
    page: (filter, cursor, limit) => services.ledgerBook.entries({ ...filter, cursor, limit }),
  }),
  defineExport<typeof collectionFilter._output, CollectionView>({
    name: 'repayments',
    permission: 'ledger.read',
    title: { 'zh-CN': '还款记录', en: 'Repayments' },
    filter: collectionFilter,
    columns: [
      { title: { 'zh-CN': '凭证编号', en: 'Journal ID' }, value: (c) => c.journalId },
      { title: { 'zh-CN': '来源', en: 'Source' }, value: (c) => c.source },
      { title: { 'zh-CN': '参考号', en: 'Reference' }, value: (c) => c.reference },
      { title: { 'zh-CN': '记账日期', en: 'Effective date' }, value: (c) => c.effectiveDate },
      { title: { 'zh-CN': '贷款订单号', en: 'Loan order no.' }, value: (c) => c.orderNo },
      { title: { 'zh-CN': '借款人', en: 'Borrower' }, value: (c) => c.borrowerName },
      { title: { 'zh-CN': '资金方', en: 'Funder' }, value: (c) => c.funderCode },
      { title: { 'zh-CN': '产品', en: 'Product' }, value: (c) => c.productCode },
      { title: { 'zh-CN': '业务线', en: 'Business line' }, value: (c) => c.businessLine },
      { title: { 'zh-CN': '通道', en: 'Channel' }, value: (c) => c.channel },
      { title: { 'zh-CN': '金额（元）', en: 'Amount (yuan)' }, value: (c) => c.amount },
      { title: { 'zh-CN': '本金（元）', en: 'Principal (yuan)' }, value: (c) => c.principal },
      { title: { 'zh-CN': '利息（元）', en: 'Interest (yuan)' }, value: (c) => c.interest },
      { title: { 'zh-CN': '费用（元）', en: 'Fees (yuan)' }, value: (c) => c.fee },
      { title: { 'zh-CN': '罚息（元）', en: 'Penalty (yuan)' }, value: (c) => c.penalty },
      { title: { 'zh-CN': '挂账（元）', en: 'Suspense (yuan)' }, value: (c) => c.unallocated },
      { title: { 'zh-CN': '入账时间', en: 'Posted at' }, value: (c) => shanghaiTime(c.at) },
    ],
    page: (filter, cursor, limit) => services.ledgerBook.collections({ ...filter, cursor, limit }),
  }),
];
