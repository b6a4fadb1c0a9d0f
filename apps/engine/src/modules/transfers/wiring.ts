export { createTransfersRepo } from './transfers.repo';
export { createTransfersService } from './transfers.service';
export { transferRestRoutes } from './transfers.rest';
export { transfersRouter } from './transfers.router';
