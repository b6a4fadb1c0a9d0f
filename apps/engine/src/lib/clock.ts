// All "now" and "today" go through a Clock so tests and demos can move time.
import { todayIn, type BusinessDate } from '@repay/rules';

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

export interface Clock {
  now(): Date;
  today(): BusinessDate;
  readonly pinned: boolean;
}

export function systemClock(): Clock {
  return {
    now: () => new Date(),
    today: () => todayIn(BUSINESS_TIME_ZONE, new Date()),
    pinned: false,
  };
}

/** A clock fixed at one instant (REPAY_CLOCK=2026-03-15T10:00:00+08:00). */
export function pinnedClock(iso: string): Clock {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime()) || !/[zZ]|[+-]\d\d:?\d\d$/.test(iso)) {
    throw new Error(`REPAY_CLOCK must be an ISO instant with an offset, got "${iso}"`);
  }
  return {
    now: () => new Date(instant),
    today: () => todayIn(BUSINESS_TIME_ZONE, instant),
    pinned: true,
  };
}

export function clockFrom(pin: string | undefined): Clock {
  return pin ? pinnedClock(pin) : systemClock();
}

export interface MovableClock extends Clock {
  advance(ms: number): void;
}

/** A pinned clock that tests move forward (cooldowns, sliding windows). */
export function movableClock(iso: string): MovableClock {
  let instant = pinnedClock(iso).now();
  return {
    now: () => new Date(instant),
    today: () => todayIn(BUSINESS_TIME_ZONE, instant),
    pinned: true,
    advance(ms: number) {
      instant = new Date(instant.getTime() + ms);
    },
  };
}
