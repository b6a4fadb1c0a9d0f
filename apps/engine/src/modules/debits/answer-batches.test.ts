import { describe, expect, it } from 'vitest';
import type { ChannelAnswer, OrderState } from '../channels';
import { createAnswerBatches } from './answer-batches';
import type { OrderAnswer } from './results.service';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const answer: ChannelAnswer<OrderState> = {
  resultClass: 'success',
  rawCode: '0000',
  rawMessage: 'ok',
  data: {},
};
const one = (orderKey: string): OrderAnswer => ({ orderKey, answer });

describe('answers applied as they arrive', () => {
  it('applies an answer within the wait, without waiting for the others', async () => {
    const applied: string[][] = [];
    const batches = createAnswerBatches(
      (answers) => Promise.resolve(void applied.push(answers.map((a) => a.orderKey))),
      { maxWaitMs: 20, maxAnswers: 100 },
    );
    batches.add(one('a'));
    batches.add(one('b'));
    await sleep(60);
    expect(applied).toEqual([['a', 'b']]);
    batches.add(one('c'));
    await batches.drain();
    expect(applied).toEqual([['a', 'b'], ['c']]);
  });

  it('applies a full batch at once, and one batch at a time: what arrives meanwhile goes next, together', async () => {
    const applied: string[][] = [];
    let running = 0;
    let most = 0;
    const batches = createAnswerBatches(
      async (answers) => {
        most = Math.max(most, ++running);
        await sleep(30);
        applied.push(answers.map((a) => a.orderKey));
        running--;
      },
      { maxWaitMs: 1000, maxAnswers: 2 },
    );
    batches.add(one('a'));
    batches.add(one('b')); // full: applied now
    for (const key of ['c', 'd', 'e']) batches.add(one(key));
    await batches.drain();
    expect(applied).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    expect(most).toBe(1);
  });

  it('goes on after a batch fails, and reports the failure when drained', async () => {
    const applied: string[] = [];
    const batches = createAnswerBatches(
      async (answers) => {
        await sleep(1);
        if (answers.some((a) => a.orderKey === 'bad')) throw new Error('deadlock detected');
        applied.push(...answers.map((a) => a.orderKey));
      },
      { maxWaitMs: 5, maxAnswers: 1 },
    );
    batches.add(one('bad'));
    batches.add(one('good'));
    await expect(batches.drain()).rejects.toThrow('deadlock detected');
    expect(applied).toEqual(['good']);
  });
});
