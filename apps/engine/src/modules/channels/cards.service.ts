// Card binding (docs/api.md, Cards): pre-bind at every channel the loan's routing rule may use
// that supports the bank and is up, then confirm with the SMS code; unbind; suspension of an
// agreement on fail_card.
// Channel calls never run inside a database transaction; their answers are recorded after.
import { AppError, notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Executor } from '../../lib/executor';
import type { FieldCrypto } from '../../lib/crypto';
import { maskCardNo } from '../../lib/mask';
import { forEachLimit } from '../../lib/pool';
import type { Transactor } from '../../lib/transaction';
import type { AuditLog, Actor, OutboxRepo } from '../events';
import type { RuleResolver } from '../rules';
import type { ChannelAnswer } from './channels.types';
import type { ChannelsRepo } from './channels.repo';
import type { BindCardInput, UnbindCardInput } from './channels.schema';
import { adapterFor } from './adapters';
import { suspendAgreementOnCardFailure } from './suspension';
import type { ChannelRow } from '@repay/db/schema';
import { requireActiveLoan } from '../loans';

type Repos = { tx: Executor; channels: ChannelsRepo; audit: AuditLog; outbox: OutboxRepo };

const bindingKey = (id: bigint) => `bnd_${id}`;

/** A channel answer that did not do what we asked: failed if the channel said so, else unknown. */
const notDone = (answer: ChannelAnswer | null) =>
  answer?.resultClass === 'pending' ? ('unknown' as const) : ('failed' as const);

export function createCardsService(deps: {
  repo: ChannelsRepo;
  transaction: Transactor<Repos>;
  crypto: FieldCrypto;
  clock: Clock;
  rules: RuleResolver;
}) {
  const { repo, transaction, crypto, clock, rules } = deps;

  const adapterOf = (row: ChannelRow) => adapterFor(row, crypto);

  /** Channels to bind at: named by the routing rule in force (all, without one), up, supporting the bank. */
  async function channelsFor(
    loan: { businessLine: string; funderCode: string; productCode: string; orderNo: string },
    bankCode: string,
  ) {
    const registry = await repo.listChannels();
    const routing = await rules.resolveRule(
      'routing',
      { ...loan, loanKey: loan.orderNo },
      clock.now(),
    );
    const named = routing ? new Set(routing.rule.routes.flatMap((r) => r.channels)) : null;
    return registry.filter(
      (c) =>
        c.status === 'up' &&
        (named === null || named.has(c.code)) &&
        c.banks.some((b) => b.bankCode === bankCode),
    );
  }

  return {
    async bindCard(input: BindCardInput, actor: Actor) {
      const loan = await repo.loanForBinding(input.orderNo);
      if (!loan) throw notFound(`loan ${input.orderNo}`, 'orderNo');
      requireActiveLoan(loan, input.orderNo);
      const targets = await channelsFor(loan, input.bankCode);
      if (targets.length === 0) {
        throw new AppError(
          'UNPROCESSABLE',
          `no channel in service supports ${input.bankCode} for this loan`,
          { field: 'bankCode' },
        );
      }
      const cardId = await repo.findOrInsertCard({
        borrowerId: loan.borrowerId,
        cardNoEnc: crypto.encrypt(input.cardNo),
        cardNoHash: crypto.lookupHash(input.cardNo),
        cardNoMask: maskCardNo(input.cardNo),
        bankCode: input.bankCode,
      });
      // Idempotent while open: the same card again gets the same binding, and no second SMS.
      const open = await repo.openBinding(loan.loanId, cardId);
      if (open !== null) return { bindingId: bindingKey(open), status: 'sms_sent' as const };
      // The binding exists before any channel is asked: of two starts at once one claims it and
      // texts the cardholder; the other answers with that binding (no second SMS).
      const bindingId = await repo.claimBinding(loan.loanId, cardId);
      if (bindingId === null) {
        const twin = await repo.openBinding(loan.loanId, cardId);
        if (twin === null)
          throw new AppError('CONFLICT', 'a binding of this card just ended; ask again', {
            field: 'cardNo',
          });
        return { bindingId: bindingKey(twin), status: 'sms_sent' as const };
      }

      const person = { name: crypto.decrypt(loan.nameEnc), idNo: crypto.decrypt(loan.idNoEnc) };
      const answers = await Promise.all(
        targets.map(async (channel) => ({
          channel,
          answer: await adapterOf(channel).preBind({
            cardNo: input.cardNo,
            mobile: input.mobile,
            bankCode: input.bankCode,
            ...person,
          }),
        })),
      );
      const accepted = answers.filter(
        (a) => a.answer.resultClass === 'success' && a.answer.data.bindToken,
      );
      await transaction(async (repos) => {
        await repos.channels.insertAttempts(
          answers.map(({ channel, answer }) => ({
            bindingId,
            channelCode: channel.code,
            bindTokenEnc: answer.data.bindToken ? crypto.encrypt(answer.data.bindToken) : null,
            status:
              answer.resultClass === 'success' && answer.data.bindToken
                ? ('sms_sent' as const)
                : notDone(answer),
            rawCode: answer.rawCode,
            rawMessage: answer.rawMessage,
          })),
        );
        if (accepted.length === 0) await repos.channels.setBindingStatus(bindingId, 'failed');
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'card.bind',
          entityType: 'card_binding',
          entityId: bindingKey(bindingId),
          diff: {
            orderNo: input.orderNo,
            card: maskCardNo(input.cardNo),
            channels: answers.map((a) => `${a.channel.code}:${a.answer.rawCode}`),
          },
        });
      });
      if (accepted.length === 0) {
        const reasons = answers
          .map((a) => `${a.channel.code} ${a.answer.rawCode} ${a.answer.rawMessage}`)
          .join('; ');
        throw new AppError('UNPROCESSABLE', `no channel accepted the card (${reasons})`, {
          field: 'cardNo',
        });
      }
      return { bindingId: bindingKey(bindingId), status: 'sms_sent' as const };
    },

    async confirmBinding(bindingIdText: string, smsCode: string, actor: Actor) {
      const bindingId = BigInt(bindingIdText.slice('bnd_'.length));
      const binding = await repo.findBinding(bindingId);
      if (!binding) throw notFound(`binding ${bindingIdText}`, 'bindingId');
      const registry = new Map((await repo.listChannels()).map((c) => [c.code, c]));
      const view = async () => ({
        bindingId: bindingIdText,
        status: 'bound' as const,
        agreements: await repo.agreementsOf(
          binding.cardId,
          binding.attempts.filter((a) => a.status === 'active').map((a) => a.channelCode),
        ),
      });
      // Confirming a bound binding again answers the same: no second call to any channel.
      if (binding.status === 'bound') return view();
      if (binding.status === 'failed')
        throw new AppError('CONFLICT', `binding ${bindingIdText} failed; start a new one`, {
          field: 'bindingId',
        });

      const pending = binding.attempts.filter((a) => a.status === 'sms_sent' && a.bindTokenEnc);
      const answers = await Promise.all(
        pending.map(async (attempt) => {
          const channel = registry.get(attempt.channelCode);
          const answer = channel
            ? await adapterOf(channel).confirmBind({
                bindToken: crypto.decrypt(attempt.bindTokenEnc!),
                smsCode,
              })
            : null;
          return { attempt, answer };
        }),
      );
      const bound = answers.filter(
        (a) => a.answer?.resultClass === 'success' && a.answer.data.protocolNo,
      );
      await transaction(async (repos) => {
        for (const { attempt, answer } of bound) {
          await repos.channels.upsertAgreement(
            binding.cardId,
            attempt.channelCode,
            crypto.encrypt(answer!.data.protocolNo!),
            answer!.rawCode,
            answer!.rawMessage,
          );
          await repos.channels.updateAttempt(attempt.id, {
            status: 'active',
            rawCode: answer!.rawCode,
            rawMessage: answer!.rawMessage,
          });
        }
        if (bound.length > 0) {
          for (const { attempt, answer } of answers.filter((a) => !bound.includes(a))) {
            await repos.channels.updateAttempt(attempt.id, {
              status: notDone(answer),
              rawCode: answer?.rawCode ?? 'NO_CHANNEL',
              rawMessage: answer?.rawMessage ?? 'channel not registered',
            });
          }
          await repos.channels.setBindingStatus(bindingId, 'bound');
          await repos.channels.setLoanCard(binding.loanId, binding.cardId);
          await repos.outbox.add({
            eventId: `card.bound:${bindingIdText}`,
            topic: 'card.bound',
            aggregateType: 'card_binding',
            aggregateId: bindingIdText,
            payload: {
              bindingId: bindingIdText,
              channels: bound.map((b) => b.attempt.channelCode),
            },
          });
        }
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: bound.length > 0 ? 'card.bound' : 'card.confirm_failed',
          entityType: 'card_binding',
          entityId: bindingIdText,
          diff: {
            channels: answers.map(
              (a) => `${a.attempt.channelCode}:${a.answer?.rawCode ?? 'NO_CHANNEL'}`,
            ),
          },
        });
      });
      if (bound.length === 0) {
        // Nothing bound: the binding stays open, so a mistyped code can be entered again.
        const reasons = answers
          .map((a) =>
            `${a.attempt.channelCode} ${a.answer?.rawCode ?? ''} ${a.answer?.rawMessage ?? ''}`.trim(),
          )
          .join('; ');
        throw new AppError('UNPROCESSABLE', `the code was not accepted (${reasons})`, {
          field: 'smsCode',
        });
      }
      const refreshed = await repo.findBinding(bindingId);
      return {
        bindingId: bindingIdText,
        status: 'bound' as const,
        agreements: await repo.agreementsOf(
          binding.cardId,
          refreshed!.attempts.filter((a) => a.status === 'active').map((a) => a.channelCode),
        ),
      };
    },

    /**
     * Demo seed: bind every active loan's card at the sandbox channels, as borrowers would
     * through the upstream app (pre-bind, then the sandbox's SMS code). Cards a channel
     * refuses stay unbound. Returns how many loans got an agreement.
     */
    async bindDemoCards(smsCode: string, concurrency = 8): Promise<number> {
      const actor = { type: 'system' as const, id: 'demo-seed' };
      let bound = 0;
      await forEachLimit(await repo.unboundLoanCards(), concurrency, async (loan) => {
        try {
          const started = await this.bindCard(
            {
              orderNo: loan.orderNo,
              cardNo: crypto.decrypt(loan.cardNoEnc),
              bankCode: loan.bankCode as BindCardInput['bankCode'],
              mobile: crypto.decrypt(loan.mobileEnc),
            },
            actor,
          );
          await this.confirmBinding(started.bindingId, smsCode, actor);
          bound++;
        } catch (error) {
          if (!(error instanceof AppError)) throw error; // a refused card stays unbound
        }
      });
      return bound;
    },

    /**
     * Unbind a card of the loan's borrower at every channel still holding an agreement. The
     * card the loan debits cannot be unbound while the loan is active (bind another first),
     * nor a card with a debit in flight. Whatever a channel answers, we stop using the
     * agreement; its answer is kept. Idempotent: nothing left to unbind answers the same.
     */
    async unbindCard(input: UnbindCardInput, actor: Actor) {
      const loan = await repo.loanForBinding(input.orderNo);
      if (!loan) throw notFound(`loan ${input.orderNo}`, 'orderNo');
      const cardId = await repo.cardOfBorrower(loan.borrowerId, crypto.lookupHash(input.cardNo));
      if (cardId === null) throw notFound(`card ${maskCardNo(input.cardNo)}`, 'cardNo');
      if (cardId === loan.cardId && loan.status === 'active')
        throw new AppError(
          'CONFLICT',
          'this card is the one the loan debits; bind another card first',
          { field: 'cardNo' },
        );
      if ((await repo.debitsInFlightOfCard(cardId)) > 0)
        throw new AppError('CONFLICT', 'a debit of this card is in flight; unbind after it ends', {
          field: 'cardNo',
        });
      const registry = new Map((await repo.listChannels()).map((c) => [c.code, c]));
      const live = await repo.liveAgreements(cardId);
      const answers = await Promise.all(
        live.map(async (a) => {
          const channel = registry.get(a.channelCode);
          const answer = channel
            ? await adapterOf(channel).unbind({ protocolNo: crypto.decrypt(a.protocolNoEnc) })
            : null;
          return { channel: a.channelCode, answer };
        }),
      );
      await transaction(async (repos) => {
        for (const { channel, answer } of answers)
          await repos.channels.markUnbound(
            cardId,
            channel,
            answer?.rawCode ?? 'NO_CHANNEL',
            answer?.rawMessage ?? 'channel not registered',
          );
        if (answers.length > 0)
          await repos.audit.record({
            actorType: actor.type,
            actorId: actor.id,
            action: 'card.unbind',
            entityType: 'card',
            entityId: String(cardId),
            diff: {
              orderNo: input.orderNo,
              card: maskCardNo(input.cardNo),
              channels: answers.map((a) => `${a.channel}:${a.answer?.rawCode ?? 'NO_CHANNEL'}`),
            },
          });
      });
      const rows = await repo.agreementsOfLoan(input.orderNo);
      const answered = new Map(answers.map((a) => [a.channel, a.answer?.resultClass ?? 'pending']));
      return {
        status: 'unbound' as const,
        agreements: rows
          .filter((r) => r.cardId === cardId && r.channelCode)
          .map((r) => ({
            channel: r.channelCode!,
            status: r.status!,
            channelResult: answered.get(r.channelCode!) ?? 'already_unbound',
          })),
      };
    },

    async agreementsOfLoan(orderNo: string) {
      const rows = await repo.agreementsOfLoan(orderNo);
      const cards = new Map<
        string,
        {
          cardNo: string;
          bankCode: string;
          current: boolean;
          agreements: { channel: string; status: string; updatedAt: string }[];
        }
      >();
      for (const r of rows) {
        const key = String(r.cardId);
        const card = cards.get(key) ?? {
          cardNo: r.cardNoMask,
          bankCode: r.bankCode,
          current: r.current,
          agreements: [],
        };
        if (r.channelCode && r.status)
          card.agreements.push({
            channel: r.channelCode,
            status: r.status,
            updatedAt: new Date(r.updatedAt!).toISOString(),
          });
        cards.set(key, card);
      }
      return [...cards.values()];
    },

    /**
     * A `fail_card` answer (lost, frozen, agreement gone) stops debits of this card at this
     * channel until the borrower binds again. Idempotent: a second report changes nothing.
     */
    suspendOnCardFailure: (
      cardId: bigint,
      channelCode: string,
      answer: ChannelAnswer,
      actor: Actor,
    ) =>
      transaction(({ tx }) =>
        suspendAgreementOnCardFailure(tx, cardId, channelCode, answer, actor),
      ),
  };
}

export type CardsService = ReturnType<typeof createCardsService>;
