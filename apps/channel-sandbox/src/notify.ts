// Asynchronous result notifications to the merchant, signed like every response. They may
// be repeated, delayed, or followed by a stale "processing" (out of order), per profile.
import { signedHeaders } from './protocol';
import type { Order, Profile } from './state';
import type { Vocabulary } from './vocabularies';

export interface Notifier {
  send(
    order: Order,
    profile: Profile,
    vocabulary: Vocabulary,
    merchant: string,
    secret: string,
  ): void;
  /** Notifications sent (or attempted), newest last: for the sandbox page and tests. */
  log: { orderId: string; url: string; status: string; ok: boolean; at: number }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createNotifier(now: () => number): Notifier {
  const log: Notifier['log'] = [];
  async function post(
    url: string,
    body: Record<string, unknown>,
    merchant: string,
    secret: string,
  ) {
    const text = JSON.stringify(body);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: signedHeaders(merchant, secret, text, now()),
          body: text,
        });
        log.push({
          orderId: String(body.orderId),
          url,
          status: String(body.status),
          ok: res.ok,
          at: now(),
        });
        if (res.ok) return;
      } catch {
        log.push({
          orderId: String(body.orderId),
          url,
          status: String(body.status),
          ok: false,
          at: now(),
        });
      }
      await sleep(200 * 2 ** attempt);
    }
  }
  return {
    log,
    send(order, profile, vocabulary, merchant, secret) {
      // A state saved before `enabled` existed notifies, as it did.
      if (!order.notifyUrl || profile.notify.enabled === false) return;
      const url = order.notifyUrl;
      const { code, msg } = vocabulary[order.outcome];
      const final = {
        orderId: order.orderId,
        status: order.status,
        code,
        msg,
        amount: order.amountFen,
        fee: order.feeFen,
        channelSerial: order.channelSerial,
      };
      const stale = { ...final, status: 'processing', ...vocabulary.PROCESSING };
      void (async () => {
        await sleep(profile.notify.delayMs);
        for (let i = 0; i < Math.max(1, profile.notify.duplicates); i++)
          await post(url, final, merchant, secret);
        if (profile.notify.outOfOrder) await post(url, stale, merchant, secret);
      })();
    },
  };
}
