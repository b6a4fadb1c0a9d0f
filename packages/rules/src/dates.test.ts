import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonthsAnchored,
  days360,
  daysBetween,
  inTimeRange,
  isValidDate,
  timeOfDayIn,
  todayIn,
} from './dates';

describe('calendar dates', () => {
  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-01', '26-01-01', '2026-00-10'])(
    '%s is not a date',
    (d) => {
      expect(isValidDate(d)).toBe(false);
    },
  );
  it.each(['2024-02-29', '2026-12-31', '2000-02-29'])('%s is a date', (d) =>
    expect(isValidDate(d)).toBe(true),
  );

  it('anchors monthly due dates on the original day, clamped to month ends', () => {
    expect([1, 2, 3, 4].map((k) => addMonthsAnchored('2026-01-31', k))).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
    ]);
    expect(addMonthsAnchored('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsAnchored('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonthsAnchored('2026-03-15', 0)).toBe('2026-03-15');
  });

  it('counts actual days start-inclusive, end-exclusive (算头不算尾)', () => {
    expect(daysBetween('2026-01-15', '2026-02-15')).toBe(31);
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('gives 30 days per anchored month under 30/360, even across clamped month ends', () => {
    expect(days360('2026-01-15', '2026-02-15')).toBe(30);
    expect(days360('2026-01-31', '2026-02-28')).toBe(30);
    expect(days360('2026-02-28', '2026-03-31')).toBe(30);
    expect(days360('2026-01-15', '2026-03-01')).toBe(46);
    expect(days360('2026-01-15', '2027-01-15')).toBe(360);
  });

  it("reads today's business date in Asia/Shanghai", () => {
    expect(todayIn('Asia/Shanghai', new Date('2026-03-14T16:30:00Z'))).toBe('2026-03-15');
    expect(todayIn('Asia/Shanghai', new Date('2026-03-14T15:59:59Z'))).toBe('2026-03-14');
  });
});

describe('timeOfDayIn and inTimeRange', () => {
  it('reads the wall clock in Asia/Shanghai', () => {
    expect(timeOfDayIn('Asia/Shanghai', new Date('2026-11-25T16:05:00Z'))).toBe('00:05');
    expect(timeOfDayIn('Asia/Shanghai', new Date('2026-11-25T02:30:00Z'))).toBe('10:30');
  });
  it('handles windows crossing midnight', () => {
    expect(inTimeRange('23:30', '23:00', '01:00')).toBe(true);
    expect(inTimeRange('00:30', '23:00', '01:00')).toBe(true);
    expect(inTimeRange('01:00', '23:00', '01:00')).toBe(false);
    expect(inTimeRange('10:00', '09:00', '10:00')).toBe(false);
    expect(inTimeRange('09:00', '09:00', '10:00')).toBe(true);
  });
});
