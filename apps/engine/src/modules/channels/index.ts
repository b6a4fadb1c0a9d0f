export type { ChannelAdapter, ChannelAnswer, ChannelEndpoint, OrderState } from './channels.types';
export { classify, CLASSIFICATIONS } from './classification';
export { createSandboxAdapter } from './sandbox.adapter';
export { createChannelsRepo, type ChannelsRepo } from './channels.repo';
export { createCardsService, type CardsService } from './cards.service';
export { createChannelRegistry, type ChannelRegistry } from './registry.service';
export { channelRestRoutes } from './channels.rest';
export { channelsRouter } from './channels.router';
export { createChannelHealthRepo, type ChannelHealthRepo } from './health.repo';
export { createChannelHealth, type ChannelHealth } from './health.service';
export { createChannelRouting, type ChannelRouting, type DebitToRoute } from './routing.service';
export {
  createChannelNotifications,
  type ChannelNotifications,
  type OrderResultListener,
} from './notifications.service';
export type { ChannelTransport, ChannelRequest, ChannelResponse } from './transport';
export { httpTransport } from './transport';
export { gated, type GateControl } from './gates';
export { createChannelSlots, type ChannelSlots } from './slots';
export { createChannelSlotsRepo, type ChannelSlotsRepo } from './slots.repo';
export { createThreadedTransport } from './sender';
export { suspendAgreementOnCardFailure } from './suspension';
