/** A placement's period, both days included, as `YYYY-MM-DD`. */
export interface DateRange {
  readonly startDate: string;
  readonly endDate: string;
}

/**
 * True when two periods share at least one day. ISO dates compare as strings; the end date is the
 * last day of the placement, so one ending on the day the other starts overlaps.
 */
export function dateRangesOverlap(a: DateRange, b: DateRange): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}
