export { createTransfersRepo, type TransfersRepo } from './transfers.repo';
export {
  createTransfersService,
  transferRequestHash,
  type TransfersService,
} from './transfers.service';
export { transferRestRoutes } from './transfers.rest';
export { transfersRouter } from './transfers.router';
