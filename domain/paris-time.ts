// Back-office date fields in Paris wall time (« 2026-11-26T18:00 », what <input type=datetime-local>
// sends) to and from epoch milliseconds, across daylight-saving changes, without a date library.
const TZ = 'Europe/Paris';
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wall(instant: number) {
  const p: Record<string, number> = {};
  for (const x of parts.formatToParts(instant)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return p as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

function offsetMs(instant: number): number {
  const p = wall(instant);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/** « 2026-11-26T18:00 » in Paris → epoch ms; null when the text is not such a date-time. */
export function parisLocalToEpoch(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  let instant = asUtc - offsetMs(asUtc);
  // The first guess may sit on the other side of a DST change; one correction settles it.
  instant = asUtc - offsetMs(instant);
  return instant;
}

/** Epoch ms → « 2026-11-26T18:00 » in Paris, for a datetime-local field. */
export function epochToParisLocal(ms: number): string {
  const p = wall(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

export const WEEK_MS = 7 * 86_400_000;
