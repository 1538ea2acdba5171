// Dates as shoppers in France read them: always in Europe/Paris, whatever the server's zone.
import type { Locale } from './money.ts';

const TZ = 'Europe/Paris';
const tag = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');
// Intl formatters are costly to create (~0.1 ms and native memory each): one per locale and shape.
const cache = new Map<string, Intl.DateTimeFormat>();
const dtf = (locale: Locale, options: Intl.DateTimeFormatOptions) => {
  const key = `${locale}${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(tag(locale), { timeZone: TZ, ...options })));
  return f;
};

/** « jeudi 26 novembre à 18:00 » / « Thursday 26 November at 18:00 » */
export function formatDateTime(ms: number, locale: Locale = 'fr'): string {
  const date = dtf(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(ms);
  const time = formatTime(ms, locale);
  return locale === 'fr' ? `${date} à ${time}` : `${date} at ${time}`;
}

export function formatTime(ms: number, locale: Locale = 'fr'): string {
  return dtf(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** « jeudi 26 novembre, de 17:00 à 19:00 » — a collection window on one day. */
export function formatWindow(startMs: number, endMs: number, locale: Locale = 'fr'): string {
  const date = dtf(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(startMs);
  return locale === 'fr'
    ? `${date}, de ${formatTime(startMs, locale)} à ${formatTime(endMs, locale)}`
    : `${date}, ${formatTime(startMs, locale)}–${formatTime(endMs, locale)}`;
}
