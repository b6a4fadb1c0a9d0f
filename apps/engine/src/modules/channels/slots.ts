// A channel's concurrency and rate hold across every engine process (a channel's limits are
// its own, not each worker's): each process holds a lease on a share of the channel's slots
// (channel_slot_leases) and its gate (gates.ts, on the sender thread or this one) lets out only
// that many calls at once, at the same share of the channel's rate.
//
// A process asks for slots as soon as it has a call for the channel (its calls wait meanwhile:
// a gate starts at nothing) and renews every half second while it has calls waiting or out:
// in one transaction with the channel's row locked, it reads the other processes' unexpired
// leases and takes its fair share of what nobody holds (slotShare, packages/rules); a share
// that shrank is given back as its calls come home (the gate reports how many are out under
// the new limits). The slots held add up to the limit at most, whatever the order of renewals.
// A process that dies loses its slots when its lease expires (ten seconds); one that cannot
// renew stops starting calls when its own lease may have run out. An idle process gives its
// lease up. PGlite (one process) works the same way, with one holder.
//
// Why leases of a count per process rather than a share computed from a list of live workers:
// the count is taken, not assumed, so a process joining, leaving or dying can never make the
// shares add up to more than the channel's limit, even for the moment before the others notice;
// and a process only takes slots while it calls the channel, so idle or api-only processes do
// not dilute the others' shares.
import { slotShare } from '@repay/rules';
import type { Transactor } from '../../lib/transaction';
import type { GateControl } from './gates';
import type { ChannelSlotsRepo } from './slots.repo';
import type { ChannelTransport } from './transport';

/** How often a process renews its lease while it calls a channel, and how long one lasts. */
const RENEW_MS = 500;
const LEASE_SECONDS = 10;

interface SlotState {
  code: string;
  /** Calls handed to the transport and not back yet. */
  demand: number;
  /** Slots held (the lease), and how many calls may be out from now on. */
  slots: number;
  permits: number;
  rate: number;
  /** The version of the limits last set on the gate. */
  version: number;
  /** Until when (this process's clock) the lease surely holds. */
  heldUntil: number;
  renewal?: ReturnType<typeof setTimeout>;
  fence?: ReturnType<typeof setTimeout>;
}

export function createChannelSlots(deps: {
  transaction: Transactor<{ channelSlots: ChannelSlotsRepo }>;
  /** This engine process (one per app instance). */
  holder: string;
  /** Where the gates are: the sender thread, or the calling thread. */
  gates: GateControl;
  log?: (message: string) => void;
}) {
  const { transaction, holder, gates } = deps;
  const states = new Map<string, SlotState>();
  let closed = false;

  function setLimits(state: SlotState, permits: number, rate: number) {
    if (permits === state.permits && rate === state.rate && state.version > 0) return;
    state.permits = permits;
    state.rate = rate;
    state.version = gates.setLimits(state.code, { concurrency: permits, ratePerSecond: rate });
  }

  function stateOf(code: string): SlotState {
    let state = states.get(code);
    if (!state) {
      state = { code, demand: 0, slots: 0, permits: 0, rate: 0, version: 0, heldUntil: 0 };
      states.set(code, state);
      // No call of this channel goes before the process holds slots for it.
      setLimits(state, 0, 0);
    }
    return state;
  }

  function schedule(state: SlotState, ms: number) {
    if (state.renewal || closed) return;
    state.renewal = setTimeout(() => {
      void renew(state).finally(() => {
        state.renewal = undefined;
        if (state.demand > 0 || state.slots > 0) schedule(state, RENEW_MS);
      });
    }, ms);
    state.renewal.unref();
  }

  /** Once the lease may have run out unrenewed, no new call starts. */
  function fenceAt(state: SlotState) {
    clearTimeout(state.fence);
    state.fence = setTimeout(
      () => {
        if (performance.now() >= state.heldUntil) setLimits(state, 0, 0);
      },
      Math.max(0, state.heldUntil - performance.now()),
    );
    state.fence.unref();
  }

  async function renew(state: SlotState) {
    const asked = performance.now();
    const report = gates.gateState(state.code);
    // Slots the gate may occupy: its calls out once it has applied the limits last set (until
    // then, all the slots held), and never fewer than those limits, which stay in force until
    // the gate has applied new ones: a share that shrinks is given back a renewal later.
    const out = report && report.version >= state.version ? report.inFlight : state.slots;
    const busy = Math.max(out, state.permits);
    try {
      const share = await transaction(async ({ channelSlots }) => {
        const channel = await channelSlots.lockChannel(state.code);
        if (!channel) return null;
        const wants = Math.min(state.demand, channel.limit);
        const others = await channelSlots.othersOf(state.code, holder);
        const mine = slotShare({
          limit: channel.limit,
          others,
          me: holder,
          wants,
          held: state.slots,
          busy,
        });
        await channelSlots.saveLease(state.code, holder, mine.slots, wants, LEASE_SECONDS);
        await channelSlots.pruneExpired(state.code);
        return { ...mine, channel };
      });
      if (!share) return;
      state.slots = share.slots;
      state.heldUntil = asked + LEASE_SECONDS * 1000;
      fenceAt(state);
      const { limit, rate } = share.channel;
      setLimits(state, share.permits, limit > 0 ? (rate * share.permits) / limit : 0);
    } catch (error) {
      deps.log?.(`[channels] ${state.code}: slot lease not renewed: ${(error as Error).message}`);
    }
  }

  return {
    /**
     * The transport with this process's share of each channel: a call naming a channel's gate
     * counts as that channel's demand until it comes back, and the lease follows the demand.
     */
    leased(transport: ChannelTransport): ChannelTransport {
      return (req) => {
        if (!req.gate || closed) return transport(req);
        const state = stateOf(req.gate.code);
        state.demand++;
        if (state.slots === 0) schedule(state, 0);
        else schedule(state, RENEW_MS);
        return transport(req).finally(() => {
          state.demand--;
        });
      };
    },

    /** What this process holds of a channel now (tests, the console). */
    held: (code: string) => {
      const state = states.get(code);
      return state ? { slots: state.slots, permits: state.permits } : { slots: 0, permits: 0 };
    },

    /** Give every lease up (the process stops). */
    async close() {
      closed = true;
      for (const state of states.values()) {
        clearTimeout(state.renewal);
        clearTimeout(state.fence);
      }
      await transaction(({ channelSlots }) => channelSlots.releaseAll(holder)).catch(() => {});
    },
  };
}

export type ChannelSlots = ReturnType<typeof createChannelSlots>;
