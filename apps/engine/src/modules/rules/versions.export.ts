// 规则版本 as a file: every version the list's filters find (kind, scope, number, status, who
// wrote and reviewed it, when it was published).
import type { AppServices } from '../../context';
import { shanghaiTime } from '../../http/exports/cells';
import { defineExport, type ExportList } from '../../http/exports/define';
import type { RuleVersionView } from './versions.list';
import { ruleVersionFilter } from './versions.schema';

export const ruleVersionExports = (services: AppServices): ExportList[] => [
  defineExport<typeof ruleVersionFilter._output, RuleVersionView>({
    name: 'rule-versions',
    permission: 'rules.read',
    title: { 'zh-CN': '规则版本', en: 'Rule versions' },
    filter: ruleVersionFilter,
    columns: [
      { title: { 'zh-CN': '版本编号', en: 'Version ID' }, value: (v) => v.id },
      { title: { 'zh-CN': '规则类型', en: 'Kind' }, value: (v) => v.kind },
      { title: { 'zh-CN': '规则名称', en: 'Rule' }, value: (v) => v.name },
      { title: { 'zh-CN': '适用范围', en: 'Scope' }, value: (v) => v.scopeType },
      { title: { 'zh-CN': '范围值', en: 'Scope key' }, value: (v) => v.scopeKey },
      { title: { 'zh-CN': '版本号', en: 'Version' }, value: (v) => v.versionNo },
      { title: { 'zh-CN': '状态', en: 'Status' }, value: (v) => v.status },
      { title: { 'zh-CN': '说明', en: 'Note' }, value: (v) => v.note },
      { title: { 'zh-CN': '作者', en: 'Author' }, value: (v) => v.author },
      {
        title: { 'zh-CN': '提交时间', en: 'Submitted at' },
        value: (v) => shanghaiTime(v.submittedAt),
      },
      { title: { 'zh-CN': '审核人', en: 'Reviewer' }, value: (v) => v.reviewer },
      {
        title: { 'zh-CN': '审核时间', en: 'Reviewed at' },
        value: (v) => shanghaiTime(v.reviewedAt),
      },
      { title: { 'zh-CN': '审核意见', en: 'Review note' }, value: (v) => v.reviewNote },
      { title: { 'zh-CN': '发布方式', en: 'Published as' }, value: (v) => v.publishedMode },
      {
        title: { 'zh-CN': '发布生效时间', en: 'Published from' },
        value: (v) => shanghaiTime(v.publishedAt),
      },
      { title: { 'zh-CN': '创建时间', en: 'Created at' }, value: (v) => shanghaiTime(v.createdAt) },
    ],
    page: (filter, cursor, limit) => services.ruleVersions.list({ ...filter, cursor, limit }),
  }),
];
