export type { TransfersService } from './transfers.service';
