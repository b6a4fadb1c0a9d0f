import { VOCABULARIES } from '@repay/channel-sandbox/vocabularies';
import { describe, expect, it } from 'vitest';
import { channelHasOrder, classify, ORDER_CODES, orderHeldCodes } from './classification';

describe.each(Object.entries(VOCABULARIES))(
  'what %s codes say about the order',
  (name, vocabulary) => {
    it('names the channel’s own "no such order", busy and processing codes', () => {
      expect(ORDER_CODES[name]).toEqual({
        notFound: [vocabulary.ORDER_NOT_FOUND.code],
        turnedAway: [vocabulary.BUSY.code],
        processing: [vocabulary.PROCESSING.code],
      });
    });

    it('a query answered "no such order", or a debit turned away busy: the channel has none', () => {
      const notFound = vocabulary.ORDER_NOT_FOUND.code;
      expect(channelHasOrder(name, 'query', notFound, classify(name, notFound))).toBe(false);
      const busy = vocabulary.BUSY.code;
      expect(channelHasOrder(name, 'debit', busy, classify(name, busy))).toBe(false);
      // A query turned away busy says nothing about the order.
      expect(channelHasOrder(name, 'query', busy, classify(name, busy))).toBeUndefined();
    });

    it('a result, processing or a duplicate: the channel has it; the codes that show it exclude busy and not found', () => {
      for (const outcome of [
        'SUCCESS',
        'PROCESSING',
        'INSUFFICIENT_FUNDS',
        'CARD_FROZEN',
      ] as const) {
        const code = vocabulary[outcome].code;
        expect(channelHasOrder(name, 'debit', code, classify(name, code)), outcome).toBe(true);
        expect(channelHasOrder(name, 'query', code, classify(name, code)), outcome).toBe(true);
      }
      const duplicate = vocabulary.DUPLICATE_ORDER.code;
      expect(channelHasOrder(name, 'debit', duplicate, classify(name, duplicate))).toBe(true);
      const held = orderHeldCodes(name);
      expect(held).toEqual(
        expect.arrayContaining([
          vocabulary.SUCCESS.code,
          vocabulary.PROCESSING.code,
          vocabulary.INSUFFICIENT_FUNDS.code,
          vocabulary.DUPLICATE_ORDER.code,
        ]),
      );
      for (const outcome of ['BUSY', 'ORDER_NOT_FOUND', 'PARAM_ERROR', 'MAINTENANCE'] as const)
        expect(held, outcome).not.toContain(vocabulary[outcome].code);
    });

    it('an engine code or one nobody knows says nothing', () => {
      expect(channelHasOrder(name, 'debit', 'TIMEOUT', 'pending')).toBeUndefined();
      expect(channelHasOrder(name, 'query', 'X-UNKNOWN', 'pending')).toBeUndefined();
    });
  },
);
