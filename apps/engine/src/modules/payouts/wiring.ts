export { createPayoutsRepo } from './payouts.repo';
export { createRemittanceRepo } from './remittance.repo';
export { createPayouts } from './payouts.service';
export { createPositions } from './positions.service';
export { createRemittance } from './remittance.service';
export { payoutsRouter } from './payouts.router';
export { payoutRestRoutes } from './payouts.rest';
export { payoutExports } from './payouts.export';
