export type { Payouts, PayoutRequest } from './payouts.service';
export type { Positions } from './positions.service';
export type { Remittance } from './remittance.service';
export { channelOrderIdOf } from './payouts.service';
