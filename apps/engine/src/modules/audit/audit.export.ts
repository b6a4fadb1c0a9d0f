// 审计日志 as a file: the rows the page's filters find, every one of them.
import type { AppServices } from '../../context';
import { jsonCell, shanghaiTime } from '../../http/exports/cells';
import { defineExport, type ExportList } from '../../http/exports/define';
import { auditFilter, channelHistoryFilter } from './audit.schema';
import type { AuditView } from './audit.service';

export const auditExports = (services: AppServices): ExportList[] => [
  defineExport<typeof auditFilter._output, AuditView>({
    name: 'audit-log',
    permission: 'audit.read',
    title: { 'zh-CN': '审计日志', en: 'Audit log' },
    filter: auditFilter,
    columns: [
      { title: { 'zh-CN': '编号', en: 'ID' }, value: (r) => r.id },
      { title: { 'zh-CN': '时间', en: 'Time' }, value: (r) => shanghaiTime(r.at) },
      { title: { 'zh-CN': '操作人类型', en: 'Actor type' }, value: (r) => r.actorType },
      { title: { 'zh-CN': '操作人', en: 'Actor' }, value: (r) => r.actor },
      { title: { 'zh-CN': '动作', en: 'Action' }, value: (r) => r.action },
      { title: { 'zh-CN': '对象类型', en: 'Entity type' }, value: (r) => r.entityType },
      { title: { 'zh-CN': '对象编号', en: 'Entity ID' }, value: (r) => r.entityId },
      { title: { 'zh-CN': '原因', en: 'Reason' }, value: (r) => r.reason },
      { title: { 'zh-CN': '变更', en: 'Diff' }, value: (r) => jsonCell(r.diff) },
    ],
    page: (filter, cursor, limit) => services.auditTrail.list({ ...filter, cursor, limit }),
  }),
  defineExport<typeof channelHistoryFilter._output, AuditView>({
    name: 'channel-history',
    permission: 'channels.read',
    title: { 'zh-CN': '通道配置历史', en: 'Channel history' },
    filter: channelHistoryFilter,
    columns: [
      { title: { 'zh-CN': '编号', en: 'ID' }, value: (r) => r.id },
      { title: { 'zh-CN': '时间', en: 'Time' }, value: (r) => shanghaiTime(r.at) },
      { title: { 'zh-CN': '通道', en: 'Channel' }, value: (r) => r.entityId },
      { title: { 'zh-CN': '变更', en: 'Change' }, value: (r) => r.action },
      { title: { 'zh-CN': '操作人类型', en: 'Actor type' }, value: (r) => r.actorType },
      { title: { 'zh-CN': '操作人', en: 'Actor' }, value: (r) => r.actor },
      { title: { 'zh-CN': '原因', en: 'Reason' }, value: (r) => r.reason },
      { title: { 'zh-CN': '变更内容', en: 'Diff' }, value: (r) => jsonCell(r.diff) },
    ],
    page: (filter, cursor, limit) =>
      services.auditTrail.channelHistory({ ...filter, cursor, limit }),
  }),
];
