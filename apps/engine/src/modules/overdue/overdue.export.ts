// 罚息计提 as a file: every accrual row the list's filters find (no personal data: the loan's
// number, the charge and its amounts in yuan).
import type { AppServices } from '../../context';
import { shanghaiTime } from '../../http/exports/cells';
import { defineExport, type ExportList } from '../../http/exports/define';
import { accrualFilter } from './accruals.schema';
import type { AccrualListView } from './console.service';

export const overdueExports = (services: AppServices): ExportList[] => [
  defineExport<typeof accrualFilter._output, AccrualListView>({
    name: 'fee-accruals',
    permission: 'overdue.read',
    title: { 'zh-CN': '罚息计提', en: 'Fee accruals' },
    filter: accrualFilter,
    columns: [
      { title: { 'zh-CN': '编号', en: 'ID' }, value: (a) => a.id },
      { title: { 'zh-CN': '计提日期', en: 'Business date' }, value: (a) => a.businessDate },
      { title: { 'zh-CN': '贷款订单号', en: 'Loan order no.' }, value: (a) => a.orderNo },
      { title: { 'zh-CN': '期次', en: 'Period' }, value: (a) => a.period },
      { title: { 'zh-CN': '资金方', en: 'Funder' }, value: (a) => a.funderCode },
      { title: { 'zh-CN': '产品', en: 'Product' }, value: (a) => a.productCode },
      { title: { 'zh-CN': '当前逾期档位', en: 'Bucket now' }, value: (a) => a.bucket },
      { title: { 'zh-CN': '费用项', en: 'Charge' }, value: (a) => a.chargeId },
      { title: { 'zh-CN': '费用类型', en: 'Charge type' }, value: (a) => a.chargeType },
      { title: { 'zh-CN': '逾期天数', en: 'Overdue days' }, value: (a) => a.overdueDays },
      { title: { 'zh-CN': '本次计提（元）', en: 'Accrued (yuan)' }, value: (a) => a.amount },
      { title: { 'zh-CN': '累计（元）', en: 'Total (yuan)' }, value: (a) => a.total },
      { title: { 'zh-CN': '封顶', en: 'Capped by' }, value: (a) => a.cappedBy },
      { title: { 'zh-CN': '修订', en: 'Revision' }, value: (a) => a.revision },
      { title: { 'zh-CN': '规则版本', en: 'Rule version' }, value: (a) => a.ruleLabel },
      { title: { 'zh-CN': '记录时间', en: 'Recorded at' }, value: (a) => shanghaiTime(a.at) },
    ],
    page: (filter, cursor, limit) =>
      services.overdueConsole.accrualList({ ...filter, cursor, limit }),
  }),
];
