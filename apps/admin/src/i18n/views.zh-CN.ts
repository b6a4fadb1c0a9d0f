// 保存的视图的中文文案（spread into zh-CN.ts）.
export const viewsZhCN = {
  'views.pick': '已保存的视图',
  'views.none': '还没有保存的视图',
  'views.mine': '我的视图',
  'views.shared': '共享视图',
  'views.sharedTag': '已共享',
  'views.save': '保存视图',
  'views.saveTitle': '保存当前筛选为视图',
  'views.saveHelp':
    '保存本页当前的筛选条件。同名视图会被覆盖；共享后，能看到本页的所有人都可以打开它。',
  'views.name': '视图名称',
  'views.nameRequired': '请填写视图名称',
  'views.shareWithAll': '共享给所有人',
  'views.saved': '视图已保存',
  'views.remove': '删除视图',
  'views.removeConfirm': '删除视图“{name}”？',
  'views.removed': '视图已删除',
} as const;
