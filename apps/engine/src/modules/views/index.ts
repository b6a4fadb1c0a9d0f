export type { SavedView, SavedViews } from './views.service';
