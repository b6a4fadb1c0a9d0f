import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import { forecastInput } from './forecast.schema';
import { channelHoursInput, channelsInput, collectionsInput } from './reports.schema';
import { moneyInput, riskInput } from './finance.schema';

const read = permittedProcedure('reports.read');

export const reportsRouter = router({
  /** 代扣回款: asked and collected, rates by every dimension, failure reasons. */
  collections: read
    .input(collectionsInput)
    .query(({ ctx, input }) => ctx.services.reports.collections(input)),
  /** 通道: health, volume and cost per channel over time, with its circuit's moves. */
  channels: read
    .input(channelsInput)
    .query(({ ctx, input }) => ctx.services.reports.channels(input)),
  /** 通道分时: one date's health per hour and channel. */
  channelHours: read
    .input(channelHoursInput)
    .query(({ ctx, input }) => ctx.services.reports.channelHours(input)),
  /** 风险: overdue over time, buckets, roll rates, vintage curves. */
  risk: read.input(riskInput).query(({ ctx, input }) => ctx.services.riskReport.risk(input)),
  /** 资金: per funder collections, charges, waivers, refunds, remittances, suspense. */
  money: read.input(moneyInput).query(({ ctx, input }) => ctx.services.moneyReport.money(input)),
  /** 预测: the coming days' windows and accrual under the rules, published and with gray. */
  forecast: read
    .input(forecastInput)
    .query(({ ctx, input }) => ctx.services.reportForecast.forecast(input)),
});
