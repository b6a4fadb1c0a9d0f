// 代付订单 as a file: every payout order the list's filters find, the payee as its masks.
import type { AppServices } from '../../context';
import { shanghaiTime } from '../../http/exports/cells';
import { defineExport, type ExportList } from '../../http/exports/define';
import { payoutListFilter } from './payouts.router';
import type { Payouts } from './payouts.service';

type PayoutItem = Awaited<ReturnType<Payouts['page']>>['items'][number];

const filter = payoutListFilter.strict();

export const payoutExports = (services: AppServices): ExportList[] => [
  defineExport<typeof filter._output, PayoutItem>({
    name: 'payout-orders',
    permission: 'payouts.read',
    title: { 'zh-CN': '代付订单', en: 'Payout orders' },
    filter,
    columns: [
      { title: { 'zh-CN': '代付单号', en: 'Payout no.' }, value: (o) => o.payoutNo },
      { title: { 'zh-CN': '来源', en: 'Source' }, value: (o) => o.source },
      { title: { 'zh-CN': '用途', en: 'Purpose' }, value: (o) => o.purpose },
      { title: { 'zh-CN': '资金方', en: 'Funder' }, value: (o) => o.funderCode },
      { title: { 'zh-CN': '金额（元）', en: 'Amount (yuan)' }, value: (o) => o.amount },
      { title: { 'zh-CN': '手续费（元）', en: 'Fee (yuan)' }, value: (o) => o.fee },
      { title: { 'zh-CN': '状态', en: 'Status' }, value: (o) => o.status },
      { title: { 'zh-CN': '通道', en: 'Channel' }, value: (o) => o.channel },
      { title: { 'zh-CN': '收款人', en: 'Payee' }, value: (o) => o.payee.name },
      { title: { 'zh-CN': '收款账号', en: 'Payee account' }, value: (o) => o.payee.accountNo },
      { title: { 'zh-CN': '收款银行', en: 'Payee bank' }, value: (o) => o.payee.bankCode },
      { title: { 'zh-CN': '划付批次', en: 'Batch' }, value: (o) => o.batchId },
      { title: { 'zh-CN': '结果分类', en: 'Result class' }, value: (o) => o.resultClass },
      { title: { 'zh-CN': '通道返回码', en: 'Channel code' }, value: (o) => o.rawCode },
      { title: { 'zh-CN': '通道返回信息', en: 'Channel message' }, value: (o) => o.rawMessage },
      { title: { 'zh-CN': '等待原因', en: 'Waiting for' }, value: (o) => o.waitReason },
      { title: { 'zh-CN': '创建时间', en: 'Created at' }, value: (o) => shanghaiTime(o.createdAt) },
      {
        title: { 'zh-CN': '完成时间', en: 'Finished at' },
        value: (o) => shanghaiTime(o.finishedAt),
      },
    ],
    page: (f, cursor, limit) => services.payouts.page({ ...f, cursor, limit }),
  }),
];
