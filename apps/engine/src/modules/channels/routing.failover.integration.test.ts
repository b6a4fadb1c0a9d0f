// Routing with health over real HTTP: a channel goes down in the middle of the day, its
// circuit opens after the routing rule's error burst and traffic moves to the backup; when
// the channel is back and the cooldown has passed, probes go to it again and it recovers.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLoans } from '../../seed/demo-seed';
import { startHarness, type Harness } from '../../testing/harness';
import type { DebitToRoute } from './routing.service';

let sandbox: Sandbox;
let sandboxUrl: string;
let h: Harness;
let target: Omit<DebitToRoute, 'orderId' | 'amountFen'>;
let seq = 0;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  await seedDemoLoans(h.app, 4);
  const [loan] = await h.app.database.sql.query<{
    id: bigint;
    order_no: string;
    business_line: string;
    funder: string;
    product: string;
  }>(
    `select l.id, l.order_no, l.business_line, f.code as funder, p.code as product
       from loans l join funders f on f.id = l.funder_id join products p on p.id = l.product_id
      where l.status = 'active' order by l.id limit 1`,
  );
  const started = await h.api('POST', '/api/v1/cards/bind', {
    orderNo: loan!.order_no,
    cardNo: '6222020200112430000',
    bankCode: 'ICBC',
    mobile: '13800138000',
  });
  const bindingId = (started.body as { bindingId: string }).bindingId;
  const confirmed = await h.api('POST', `/api/v1/cards/bind/${bindingId}/confirm`, {
    smsCode: '123456',
  });
  expect(confirmed.status).toBe(200);
  const [card] = await h.app.database.sql.query<{ id: bigint }>(
    `select card_id as id from loans where id = $1`,
    [loan!.id],
  );
  target = {
    loan: {
      loanId: BigInt(loan!.id),
      orderNo: loan!.order_no,
      businessLine: loan!.business_line,
      funderCode: loan!.funder,
      productCode: loan!.product,
    },
    card: { cardId: BigInt(card!.id), bankCode: 'ICBC' },
  };
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

const setProfile = (instance: string, patch: Record<string, unknown>) =>
  fetch(`${sandboxUrl}/admin/instances/${instance}/profile`, {
    method: 'PUT',
    body: JSON.stringify(patch),
  });

/** Route one debit of 100.00 and send it where the decision says. */
async function debitOnce() {
  const orderId = `T${String(++seq).padStart(4, '0')}`;
  const routing = h.app.services.channelRouting;
  const decision = await routing.routeDebit({ ...target, orderId, amountFen: 10_000n });
  const answer = decision.chosen
    ? await routing.sendDebit({
        orderId,
        channelCode: decision.chosen,
        cardId: target.card.cardId,
        bankCode: 'ICBC',
        amountFen: 10_000n,
      })
    : null;
  return { decision, answer };
}

const circuitOf = async (code: string) => {
  const [row] = await h.app.database.sql.query<{ circuit_state: string; circuit_reason: string }>(
    `select circuit_state, circuit_reason from channels where code = $1`,
    [code],
  );
  return row!;
};

describe('failover and recovery', () => {
  it('routes ICBC to the primary while it is healthy, recording each decision', async () => {
    for (let i = 0; i < 3; i++) {
      const { decision, answer } = await debitOnce();
      expect(decision.chosen).toBe('sandbox-a');
      expect(decision.route).toBe('工行建行');
      expect(decision.ruleVersionId).not.toBeNull();
      expect(answer?.resultClass).toBe('success');
    }
    const { decision } = await debitOnce();
    expect(decision.candidates.map((c) => [c.code, c.excluded, c.degraded])).toEqual([
      ['sandbox-a', null, false],
      ['sandbox-b', null, false],
    ]);
    expect(decision.candidates[0]!.successRate).toBe(1);
    expect(decision.candidates[0]!.score).toBeGreaterThan(decision.candidates[1]!.score!);
  });

  it('the same order id is decided once, whatever happens later', async () => {
    const routing = h.app.services.channelRouting;
    const first = await routing.routeDebit({ ...target, orderId: 'SAME-1', amountFen: 10_000n });
    await h.app.database.sql.query(`update channels set status = 'down' where code = 'sandbox-a'`);
    const again = await routing.routeDebit({ ...target, orderId: 'SAME-1', amountFen: 10_000n });
    await h.app.database.sql.query(`update channels set status = 'up' where code = 'sandbox-a'`);
    expect(again.id).toBe(first.id);
    expect(again.chosen).toBe('sandbox-a');
    expect(await h.count(`routing_decisions where decision_key = 'SAME-1'`)).toBe(1);
  });

  it('opens the circuit after the error burst and moves traffic to the backup', async () => {
    await setProfile('sandbox-a', { outage: true });
    // The routing rule in force: 5 errors within 60 s.
    for (let i = 0; i < 5; i++) {
      const { decision, answer } = await debitOnce();
      expect(decision.chosen).toBe('sandbox-a');
      expect(answer).toMatchObject({ resultClass: 'fail_request', rawCode: 'BF00999' });
    }
    expect(await circuitOf('sandbox-a')).toEqual({
      circuit_state: 'open',
      circuit_reason: '5 errors within 60s',
    });
    const { decision, answer } = await debitOnce();
    expect(decision.chosen).toBe('sandbox-b');
    expect(decision.candidates.find((c) => c.code === 'sandbox-a')).toMatchObject({
      excluded: null,
      degraded: true,
    });
    expect(answer?.resultClass).toBe('success');
    expect(await h.count(`outbox_events where topic = 'channel.degraded'`)).toBe(1);
    expect(
      await h.count(`audit_log where action = 'channel.circuit' and entity_id = 'sandbox-a'`),
    ).toBe(1);
  });

  it('keeps the channel bypassed during the cooldown', async () => {
    h.clock.advance(30_000);
    const { decision } = await debitOnce();
    expect(decision.chosen).toBe('sandbox-b');
  });

  it('probes the channel after the cooldown and closes the circuit when it answers again', async () => {
    await setProfile('sandbox-a', { outage: false });
    h.clock.advance(31_000);
    for (let i = 0; i < 5; i++) {
      const { decision, answer } = await debitOnce();
      expect(decision.chosen).toBe('sandbox-a');
      expect(answer?.resultClass).toBe('success');
    }
    expect((await circuitOf('sandbox-a')).circuit_state).toBe('closed');
    expect(await h.count(`outbox_events where topic = 'channel.recovered'`)).toBe(1);
  });

  it('opens again if the probes fail', async () => {
    await setProfile('sandbox-a', { outage: true });
    for (let i = 0; i < 5; i++) await debitOnce();
    expect((await circuitOf('sandbox-a')).circuit_state).toBe('open');
    h.clock.advance(61_000);
    // Half open: probes reach the channel again; the fifth failed probe is an error burst.
    const probes = [];
    for (let i = 0; i < 5; i++) probes.push((await debitOnce()).decision.chosen);
    expect(probes).toEqual(Array(5).fill('sandbox-a'));
    expect(await circuitOf('sandbox-a')).toMatchObject({ circuit_state: 'open' });
    expect((await debitOnce()).decision.chosen).toBe('sandbox-b');
    await setProfile('sandbox-a', { outage: false });
  });

  it('ops can close a circuit by hand, audited', async () => {
    const ops = await h.callerAs('ops');
    await expect(
      ops.channels.resetCircuit({ code: 'sandbox-a', reason: '通道方确认已恢复' }),
    ).resolves.toEqual({ code: 'sandbox-a', circuit: 'closed' });
    expect((await debitOnce()).decision.chosen).toBe('sandbox-a');
  });

  it('charts success rate and latency per minute', async () => {
    const series = await h.app.services.channelHealth.series('sandbox-a', 60);
    const total = series.reduce((n, p) => n + p.attempts, 0);
    const [row] = await h.app.database.sql.query<{ n: number }>(
      `select count(*)::int as n from routing_decisions where chosen = 'sandbox-a' and decision_key like 'T%'`,
    );
    expect(total).toBe(row!.n);
    expect(series.every((p) => p.avgLatencyMs !== null && p.avgLatencyMs >= 0)).toBe(true);
    expect(series.some((p) => p.successRate !== null && p.successRate < 1)).toBe(true);
  });
});

describe('exclusions', () => {
  it('skips a channel in its maintenance window and one without the bank', async () => {
    await h.app.database.sql.query(
      `update channels set maintenance = '[{"start":"09:30","end":"10:30"}]' where code = 'sandbox-a'`,
    );
    const { decision } = await debitOnce();
    await h.app.database.sql.query(
      `update channels set maintenance = '[]' where code = 'sandbox-a'`,
    );
    expect(decision.chosen).toBe('sandbox-b');
    expect(decision.candidates[0]).toMatchObject({ code: 'sandbox-a', excluded: 'maintenance' });
  });

  it('above every single limit, splits: the order takes the largest single limit of the route', async () => {
    const routed = await h.app.services.channelRouting.routeDebits([
      { ...target, orderId: 'BIG-1', amountFen: 6_000_000n },
    ]);
    const { decision, amountFen, split } = routed.get('BIG-1')!;
    expect(decision.route).toBe('大额（>5 万）');
    const limits = await h.app.database.sql.query<{ code: string; single: string }>(
      `select code, (b->>'singleLimitFen') as single from channels, jsonb_array_elements(banks) b
        where b->>'bankCode' = 'ICBC' and code = any($1::text[])`,
      [decision.candidates.map((c) => c.code)],
    );
    const largest = limits.reduce((m, l) => (BigInt(l.single) > m ? BigInt(l.single) : m), 0n);
    expect(largest).toBeLessThan(6_000_000n);
    expect(split).toBe(true);
    expect(amountFen).toBe(largest);
    expect(decision.amount).toBe(largest);
    expect(limits.find((l) => l.code === decision.chosen)?.single).toBe(String(largest));
  });

  it('decides "no channel" when no channel of the route is usable, with the reasons', async () => {
    await h.app.database.sql.query(
      `update channels set status = 'down' where code in ('sandbox-a', 'sandbox-b', 'sandbox-c')`,
    );
    const decision = await h.app.services.channelRouting.routeDebit({
      ...target,
      orderId: 'BIG-2',
      amountFen: 6_000_000n,
    });
    await h.app.database.sql.query(`update channels set status = 'up'`);
    expect(decision.chosen).toBeNull();
    expect(decision.route).toBe('大额（>5 万）');
    expect(decision.candidates.map((c) => c.excluded)).toEqual(['down', 'down']);
  });
});

describe('the agreement routing read', () => {
  it('comes with the decision and is what the debit is sent with; none means not sent', async () => {
    const routing = h.app.services.channelRouting;
    const routed = await routing.routeDebits([{ ...target, orderId: 'AGR-1', amountFen: 10_000n }]);
    const { decision, agreement } = routed.get('AGR-1')!;
    expect(decision.chosen).toBe('sandbox-a');
    expect(agreement?.channelCode).toBe('sandbox-a');
    expect(agreement?.protocolNoEnc).toMatch(/^v1:/); // encrypted, never in clear
    const send = (orderId: string, given: typeof agreement) =>
      routing.sendDebits([
        {
          orderId,
          channelCode: 'sandbox-a',
          cardId: target.card.cardId,
          bankCode: 'ICBC',
          amountFen: 10_000n,
          agreement: given,
        },
      ]);
    expect((await send('AGR-1', agreement)).get('AGR-1')?.resultClass).toBe('success');
    // Routing found no agreement at the channel (gone since an earlier decision): not sent.
    const none = (await send('AGR-2', null)).get('AGR-2')!;
    expect([none.resultClass, none.rawCode]).toEqual(['fail_request', 'NO_AGREEMENT']);
    expect(sandbox.channels.get('sandbox-a')!.orders.has('AGR-2')).toBe(false);
    expect(sandbox.channels.get('sandbox-a')!.orders.has('AGR-1')).toBe(true);
  });
});
