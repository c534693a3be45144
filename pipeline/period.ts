/** Reporting periods are calendar months in Asia/Tokyo. Japan has no daylight saving time,
 * so the month is that of the instant shifted by +09:00. */
const TOKYO_OFFSET_MS = 9 * 3600 * 1000;

export function periodOf(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${isoInstant}`);
  return new Date(ms + TOKYO_OFFSET_MS).toISOString().slice(0, 7);
}

export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
