export type { ChannelAdapter, ChannelAnswer, ChannelEndpoint, OrderState } from './channels.types';
export { classify, CLASSIFICATIONS } from './classification';
export { createSandboxAdapter } from './sandbox.adapter';
