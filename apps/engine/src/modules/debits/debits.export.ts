// 扣款订单 as a file: every debit order the list's filters find (no personal data: the order's
// keys, amounts and the channel's answer).
import type { AppServices } from '../../context';
import { shanghaiTime } from '../../http/exports/cells';
import { defineExport, type ExportList } from '../../http/exports/define';
import type { DebitsConsole } from './console.service';
import { debitOrderFilter } from './debits.router';

type OrderItem = Awaited<ReturnType<DebitsConsole['orders']>>['items'][number];

const filter = debitOrderFilter.strict();

export const debitExports = (services: AppServices): ExportList[] => [
  defineExport<typeof filter._output, OrderItem>({
    name: 'debit-orders',
    permission: 'debits.read',
    title: { 'zh-CN': '扣款订单', en: 'Debit orders' },
    filter,
    columns: [
      { title: { 'zh-CN': '编号', en: 'ID' }, value: (o) => o.id },
      { title: { 'zh-CN': '扣款单号', en: 'Order key' }, value: (o) => o.orderKey },
      { title: { 'zh-CN': '贷款订单号', en: 'Loan order no.' }, value: (o) => o.orderNo },
      { title: { 'zh-CN': '期次', en: 'Period' }, value: (o) => o.period },
      { title: { 'zh-CN': '金额（元）', en: 'Amount (yuan)' }, value: (o) => o.amount },
      { title: { 'zh-CN': '业务日期', en: 'Business date' }, value: (o) => o.businessDate },
      { title: { 'zh-CN': '扣款时段', en: 'Window' }, value: (o) => o.window },
      { title: { 'zh-CN': '来源', en: 'Source' }, value: (o) => o.source },
      { title: { 'zh-CN': '通道', en: 'Channel' }, value: (o) => o.channel },
      { title: { 'zh-CN': '状态', en: 'Status' }, value: (o) => o.status },
      { title: { 'zh-CN': '结果分类', en: 'Result class' }, value: (o) => o.resultClass },
      { title: { 'zh-CN': '通道返回码', en: 'Channel code' }, value: (o) => o.rawCode },
      { title: { 'zh-CN': '通道返回信息', en: 'Channel message' }, value: (o) => o.rawMessage },
      { title: { 'zh-CN': '资金方', en: 'Funder' }, value: (o) => o.funderCode },
      { title: { 'zh-CN': '产品', en: 'Product' }, value: (o) => o.productCode },
      { title: { 'zh-CN': '业务线', en: 'Business line' }, value: (o) => o.businessLine },
      { title: { 'zh-CN': '查询次数', en: 'Queries' }, value: (o) => o.queryAttempts },
      { title: { 'zh-CN': '创建时间', en: 'Created at' }, value: (o) => shanghaiTime(o.createdAt) },
      {
        title: { 'zh-CN': '完成时间', en: 'Finished at' },
        value: (o) => shanghaiTime(o.finishedAt),
      },
    ],
    page: ({ runId, ...f }, cursor, limit) =>
      services.debitsConsole.orders(
        { ...f, runId: runId ? BigInt(runId) : undefined },
        cursor,
        limit,
      ),
  }),
];
