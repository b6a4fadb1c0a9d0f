// 减免 as a file: every waiver the list's filters find (the loan, the charge, amounts in yuan,
// who asked and who decided; no personal data).
import type { AppServices } from '../../context';
import { shanghaiTime } from '../../http/exports/cells';
import { defineExport, type ExportList } from '../../http/exports/define';
import type { WaiversService } from './waivers.service';
import { waiverFilter } from './waivers.schema';

type WaiverItem = Awaited<ReturnType<WaiversService['list']>>['items'][number];

export const waiverExports = (services: AppServices): ExportList[] => [
  defineExport<typeof waiverFilter._output, WaiverItem>({
    name: 'waivers',
    permission: 'loans.read',
    title: { 'zh-CN': '减免记录', en: 'Waivers' },
    filter: waiverFilter,
    columns: [
      { title: { 'zh-CN': '减免编号', en: 'Waiver ID' }, value: (w) => w.waiverId },
      { title: { 'zh-CN': '业务日期', en: 'Business date' }, value: (w) => w.businessDate },
      { title: { 'zh-CN': '贷款订单号', en: 'Loan order no.' }, value: (w) => w.orderNo },
      { title: { 'zh-CN': '资金方', en: 'Funder' }, value: (w) => w.funderCode },
      { title: { 'zh-CN': '减免项', en: 'Component' }, value: (w) => w.component },
      { title: { 'zh-CN': '期次', en: 'Period' }, value: (w) => w.period },
      { title: { 'zh-CN': '金额（元）', en: 'Amount (yuan)' }, value: (w) => w.amount },
      { title: { 'zh-CN': '状态', en: 'Status' }, value: (w) => w.status },
      { title: { 'zh-CN': '原因', en: 'Reason' }, value: (w) => w.reason },
      { title: { 'zh-CN': '申请人', en: 'Requested by' }, value: (w) => w.requestedBy },
      { title: { 'zh-CN': '审批人', en: 'Decided by' }, value: (w) => w.decidedBy },
      { title: { 'zh-CN': '审批意见', en: 'Decision note' }, value: (w) => w.decisionNote },
      {
        title: { 'zh-CN': '申请时间', en: 'Requested at' },
        value: (w) => shanghaiTime(w.createdAt),
      },
      { title: { 'zh-CN': '审批时间', en: 'Decided at' }, value: (w) => shanghaiTime(w.decidedAt) },
    ],
    page: (filter, cursor, limit) => services.waivers.list({ ...filter, cursor, limit }),
  }),
];
