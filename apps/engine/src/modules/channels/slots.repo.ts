// Channel slot leases (slots.ts): each engine process's share of a channel's concurrency.
import type { SlotHolder } from '@repay/rules';
import type { Executor } from '../../lib/executor';

export function createChannelSlotsRepo({ sql }: Executor) {
  return {
    /**
     * The channel's limits, its row locked until the transaction ends: one renewal of its
     * leases at a time, so that the slots held never add up to more than the limit.
     */
    async lockChannel(code: string): Promise<{ limit: number; rate: number } | null> {
      const [row] = await sql.query<{ limit: number; rate: number }>(
        `SELECT max_concurrency AS "limit", rate_per_second AS rate FROM channels
          WHERE code = $1 FOR NO KEY UPDATE`,
        [code],
      );
      return row ? { limit: Number(row.limit), rate: Number(row.rate) } : null;
    },

    /** The other processes' leases on the channel that have not expired, by holder. */
    async othersOf(code: string, holder: string): Promise<SlotHolder[]> {
      const rows = await sql.query<{ holder: string; slots: number; wants: number }>(
        `SELECT holder, slots, wants FROM channel_slot_leases
          WHERE channel_code = $1 AND holder <> $2 AND expires_at > now() ORDER BY holder`,
        [code, holder],
      );
      return rows.map((r) => ({
        holder: r.holder,
        slots: Number(r.slots),
        wants: Number(r.wants),
      }));
    },

    /** This process's lease, renewed for `seconds`; a lease of nothing is given up. */
    async saveLease(code: string, holder: string, slots: number, wants: number, seconds: number) {
      if (slots === 0 && wants === 0) {
        await sql.query(`DELETE FROM channel_slot_leases WHERE channel_code = $1 AND holder = $2`, [
          code,
          holder,
        ]);
        return;
      }
      await sql.query(
        `INSERT INTO channel_slot_leases (channel_code, holder, slots, wants, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
         ON CONFLICT (channel_code, holder) DO UPDATE
           SET slots = EXCLUDED.slots, wants = EXCLUDED.wants, expires_at = EXCLUDED.expires_at`,
        [code, holder, slots, wants, seconds],
      );
    },

    /** Leases of dead processes, long expired. */
    async pruneExpired(code: string) {
      await sql.query(
        `DELETE FROM channel_slot_leases WHERE channel_code = $1 AND expires_at < now() - interval '1 minute'`,
        [code],
      );
    },

    /** Every lease of this process given up (it stops). */
    async releaseAll(holder: string) {
      await sql.query(`DELETE FROM channel_slot_leases WHERE holder = $1`, [holder]);
    },
  };
}

export type ChannelSlotsRepo = ReturnType<typeof createChannelSlotsRepo>;
