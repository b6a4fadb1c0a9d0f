// The channel registry as ops see it: overview with live health, the up/down/maintenance
// switch, configuration (limits per bank, cost, concurrency, maintenance windows), and the
// demo registration of the sandbox instances. Every change is audited with its reason.
import diff from 'microdiff';
import { fenToYuan, yuanToFen } from '@repay/rules';
import { notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { FieldCrypto } from '../../lib/crypto';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog } from '../events';
import type { ChannelsRepo } from './channels.repo';
import type { ChannelConfigInput } from './channels.schema';
import type { ChannelHealth } from './health.service';
import { adapterFor } from './adapters';
import type { ChannelFeeRule } from '@repay/db/schema';

type Repos = { channels: ChannelsRepo; audit: AuditLog };

const editable = (c: {
  name: string;
  banks: { bankCode: string; singleLimitFen: number; dailyLimitFen: number }[];
  costPerTxnFen: bigint;
  maxConcurrency: number;
  ratePerSecond: number;
  timeoutMs: number;
  maintenance: { start: string; end: string }[];
}) => ({
  name: c.name,
  banks: c.banks.map((b) => ({
    bankCode: b.bankCode,
    singleLimit: fenToYuan(BigInt(b.singleLimitFen)),
    dailyLimit: fenToYuan(BigInt(b.dailyLimitFen)),
  })),
  costPerTxn: fenToYuan(c.costPerTxnFen),
  maxConcurrency: c.maxConcurrency,
  ratePerSecond: c.ratePerSecond,
  timeoutMs: c.timeoutMs,
  maintenance: c.maintenance,
});

export function createChannelRegistry(deps: {
  repo: ChannelsRepo;
  transaction: Transactor<Repos>;
  health: ChannelHealth;
  crypto: FieldCrypto;
  clock: Clock;
}) {
  const { repo, transaction, health, crypto, clock } = deps;

  return {
    /** Every channel with today's volume and the sliding-window health (no secrets). */
    async overview() {
      await health.registry(); // bring cooled-down circuits to half-open before showing them
      const [rows, rates] = await Promise.all([repo.overview(clock.today()), health.rates()]);
      return rows.map((r) => {
        const live = rates.countsOf(r.code);
        return {
          code: r.code,
          adapter: r.adapter,
          vocabulary: r.vocabulary,
          endpoint: r.endpoint,
          status: r.status,
          ...editable(r),
          circuit: {
            state: r.circuitState,
            reason: r.circuitReason,
            changedAt: r.circuitChangedAt ? new Date(r.circuitChangedAt).toISOString() : null,
          },
          live: {
            attempts: live?.attempts ?? 0,
            errors: live?.errors ?? 0,
            successRate: rates.channelRateOf(r.code),
          },
          agreements: Number(r.agreements),
          todayCount: Number(r.todayCount),
          todaySuccessRate:
            Number(r.todayCount) === 0 ? null : Number(r.todaySuccess) / Number(r.todayCount),
          todayAmount: fenToYuan(r.todayAmountFen),
          updatedAt: new Date(r.updatedAt).toISOString(),
        };
      });
    },

    /** Ops switch: take a channel out of routing (down/maintenance) or back in; audited. */
    setStatus: (
      code: string,
      status: 'up' | 'down' | 'maintenance',
      reason: string,
      actor: Actor,
    ) =>
      transaction(async (repos) => {
        const before = await repos.channels.setStatus(code, status);
        if (before === null) throw notFound(`channel ${code}`, 'code');
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'channel.status',
          entityType: 'channel',
          entityId: code,
          reason,
          diff: { status: { from: before, to: status } },
        });
        return { code, status };
      }),

    /** Replace the configuration as a whole (validated before); audited with a diff. */
    updateConfig: (input: ChannelConfigInput, actor: Actor) =>
      transaction(async (repos) => {
        const patch = {
          name: input.name,
          banks: input.banks.map((b) => ({
            bankCode: b.bankCode,
            singleLimitFen: Number(yuanToFen(b.singleLimit)),
            dailyLimitFen: Number(yuanToFen(b.dailyLimit)),
          })),
          costPerTxnFen: yuanToFen(input.costPerTxn),
          maxConcurrency: input.maxConcurrency,
          ratePerSecond: input.ratePerSecond,
          timeoutMs: input.timeoutMs,
          maintenance: input.maintenance,
        };
        const before = await repos.channels.updateConfig(input.code, patch);
        if (before === null) throw notFound(`channel ${input.code}`, 'code');
        const changes = diff(editable(before), editable(patch));
        if (changes.length > 0)
          await repos.audit.record({
            actorType: actor.type,
            actorId: actor.id,
            action: 'channel.config',
            entityType: 'channel',
            entityId: input.code,
            reason: input.reason,
            diff: { changes },
          });
        return { code: input.code, changed: changes.length };
      }),

    /** Every channel's code, whatever its status: one taken out of routing still has files. */
    async codes(): Promise<string[]> {
      return (await repo.listChannels()).map((c) => c.code);
    },

    /** What reconciliation needs of a channel: its statement layout, fee rule and tolerance. */
    async statementSettings(code: string) {
      const row = (await repo.listChannels()).find((c) => c.code === code);
      if (!row) throw notFound(`channel ${code}`, 'channel');
      return {
        code: row.code,
        statementFormat: row.statementFormat,
        feeRule: row.feeRule,
        writeOffToleranceFen: row.writeOffToleranceFen,
      };
    },

    /** The channel's statement file of a business date, as the channel sent it (bytes). */
    async fetchStatement(code: string, businessDate: string): Promise<Uint8Array> {
      const row = (await repo.listChannels()).find((c) => c.code === code);
      if (!row) throw notFound(`channel ${code}`, 'channel');
      return Buffer.from(await adapterFor(row, crypto).fetchStatement(businessDate), 'utf8');
    },

    /** Demo seed: register the sandbox instances (secrets encrypted). */
    async registerSandboxChannels(
      baseUrl: string,
      instances: {
        code: string;
        name: string;
        merchant: string;
        secret: string;
        vocabulary: string;
        banks: string[];
        costPerTxnFen: bigint;
        /** What it charges (its statement shows it), checked by reconciliation. */
        feeRule?: ChannelFeeRule;
      }[],
    ) {
      const created: string[] = [];
      for (const i of instances) {
        const inserted = await repo.insertChannelIfMissing({
          code: i.code,
          name: i.name,
          adapter: 'sandbox',
          vocabulary: i.vocabulary,
          endpoint: baseUrl,
          merchant: i.merchant,
          secretEnc: crypto.encrypt(i.secret),
          banks: i.banks.map((bankCode) => ({
            bankCode,
            singleLimitFen: 5_000_000,
            dailyLimitFen: 20_000_000,
          })),
          costPerTxnFen: i.costPerTxnFen,
          feeRule: i.feeRule ?? null,
          statementFormat: 'sandbox',
          // The sandbox's published capacity: 64 requests at once (its default profile).
          maxConcurrency: 64,
          ratePerSecond: 500,
          timeoutMs: 10_000,
        });
        if (inserted) created.push(`channel:${i.code}`);
      }
      return created;
    },
  };
}

export type ChannelRegistry = ReturnType<typeof createChannelRegistry>;
