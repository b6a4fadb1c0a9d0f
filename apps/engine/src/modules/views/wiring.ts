export { createSavedViewsRepo } from './views.repo';
export { createSavedViews } from './views.service';
export { viewsRouter } from './views.router';
