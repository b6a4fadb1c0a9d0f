// Saved views in English (spread into en.ts).
import type { viewsZhCN } from './views.zh-CN';

export const viewsEn: Record<keyof typeof viewsZhCN, string> = {
  'views.pick': 'Saved views',
  'views.none': 'No saved views yet',
  'views.mine': 'My views',
  'views.shared': 'Shared views',
  'views.sharedTag': 'Shared',
  'views.save': 'Save view',
  'views.saveTitle': 'Save the current filters as a view',
  'views.saveHelp':
    "Saves this page's current filters. A view of the same name is replaced; once shared, everyone who sees this page can open it.",
  'views.name': 'View name',
  'views.nameRequired': 'Name the view',
  'views.shareWithAll': 'Share with everyone',
  'views.saved': 'View saved',
  'views.remove': 'Delete view',
  'views.removeConfirm': 'Delete the view “{name}”?',
  'views.removed': 'View deleted',
};
