export type { ChannelAnswer, OrderState } from './channels.types';
export type { ChannelRequest, ChannelResponse } from './transport';
export type { CardsService } from './cards.service';
export type { ChannelRegistry } from './registry.service';
export type { ChannelHealth } from './health.service';
export type {
  Agreement,
  ChannelRouting,
  PayoutToRoute,
  RoutedDebit,
  RoutedPayout,
} from './routing.service';
export type { PayoutToSend } from './channel-calls';
export type { ChannelNotifications } from './notifications.service';
export type { ChannelSlots } from './slots';
export { suspendAgreementOnCardFailure } from './suspension';
export { orderNoOfBinding } from './binding-loan.api';
