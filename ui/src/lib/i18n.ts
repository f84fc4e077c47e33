// The one translation layer. Every string the UI shows comes from `t(key, params)`; dates, times, numbers and
// durations are formatted with Intl for the store's locale and time zone (from settings).
//
// Catalogues live in ./i18n/<locale>.ts. English is complete and defines the keys; other catalogues may be
// partial: a missing key falls back to the base language (pt-BR → pt), then to English, then to the key itself.
// English is part of the start-up bundle; every other catalogue is a chunk of its own, loaded by
// `loadCatalogs` when a station uses that language (a station never needs the catalogues it does not speak).

import en from './i18n/en';

export type PluralForms = {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
};
export type Message = string | PluralForms;
export type MessageKey = keyof typeof en;
export type Catalog = Partial<Record<MessageKey, Message>>;
export type Params = Record<string, string | number | null | undefined>;

const catalogs: Record<string, Catalog> = { en };

/** Catalogues loaded on first use, by language tag. */
const lazyCatalogs: Record<string, () => Promise<{ default: Catalog }>> = {
  tr: () => import('./i18n/tr'),
  'pt-BR': () => import('./i18n/pt-BR'),
};

export const SUPPORTED_LOCALES: readonly { tag: string; name: string }[] = [
  { tag: 'en', name: 'English' },
  { tag: 'tr', name: 'Türkçe' },
  { tag: 'pt-BR', name: 'Português (Brasil)' },
];

export const DEFAULT_LOCALE = 'en';

interface Config {
  locale: string;
  timeZone: string;
}

/** `configure({ timeZone: SYSTEM_TIME_ZONE })`: the computer's own time zone. */
export const SYSTEM_TIME_ZONE = 'system';

// The locale and time zone as configured, and as checked with Intl. The check waits for the first formatter: the
// engine loads its locale and time-zone data on the first Intl call (≈ 10 ms at start-up), and the sign-in screen
// formats nothing, so that cost falls after the first screen is drawn.
const requested: Config = { locale: DEFAULT_LOCALE, timeZone: 'UTC' };
let resolved: Config | null = null;
let chain: Catalog[] = [en];
const formatterCache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.PluralRules>();

function validLocale(tag: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

function validTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}

/** The computer's time zone (UTC when the engine cannot tell). */
export function systemTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * A language tag in the case catalogues are keyed by ("pt_br" → "pt-BR"), without asking Intl; enough to choose
 * catalogues. Anything that is not shaped like a tag is English.
 */
function catalogTag(tag: string): string {
  if (!/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(tag)) return DEFAULT_LOCALE;
  const [language, ...rest] = tag.split(/[-_]/);
  // Regions upper case ("BR"), scripts title case ("Latn"), anything else lower case.
  const subtag = (s: string) =>
    s.length === 2 ? s.toUpperCase() : s.length === 4 ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s.toLowerCase();
  return [language.toLowerCase(), ...rest.map(subtag)].join('-');
}

/** The configured locale and time zone, checked with Intl (invalid ones become en / UTC) on first use. */
function current(): Config {
  if (!resolved) {
    const timeZone = requested.timeZone === SYSTEM_TIME_ZONE ? systemTimeZone() : validTimeZone(requested.timeZone);
    resolved = { locale: validLocale(requested.locale), timeZone };
  }
  return resolved;
}

function buildChain(locale: string): Catalog[] {
  const out: Catalog[] = [];
  const push = (tag: string) => {
    const c = catalogs[tag];
    if (c && !out.includes(c)) out.push(c);
  };
  push(locale);
  const base = locale.split('-')[0];
  push(base);
  // A regional tag with no catalogue of its own (e.g. "pt-PT") borrows a sibling (pt-BR) before English.
  for (const tag of Object.keys(catalogs)) {
    if (tag.split('-')[0] === base) push(tag);
  }
  push(DEFAULT_LOCALE);
  return out;
}

/**
 * Set the locale and time zone used by `t` and every formatter (`SYSTEM_TIME_ZONE` for the computer's). Invalid
 * values fall back to en / UTC.
 */
export function configure(opts: Partial<Config>): void {
  if (opts.locale !== undefined) requested.locale = opts.locale || DEFAULT_LOCALE;
  if (opts.timeZone !== undefined) requested.timeZone = opts.timeZone || 'UTC';
  resolved = null;
  chain = buildChain(catalogTag(requested.locale));
  formatterCache.clear();
}

export function currentLocale(): string {
  return current().locale;
}

export function currentTimeZone(): string {
  return current().timeZone;
}

/** The catalogue tags `locale` may draw on: its own, its base language's and its siblings' (pt-PT → pt-BR). */
function tagsFor(locale: string): string[] {
  const base = catalogTag(locale).split('-')[0];
  return Object.keys(lazyCatalogs).filter((tag) => tag.split('-')[0] === base);
}

/**
 * Load the catalogues `locale` needs that are not loaded yet. Resolves to whether any was loaded (the screens
 * then re-render); a catalogue that fails to load leaves the English text in place.
 */
export async function loadCatalogs(locale: string): Promise<boolean> {
  const missing = tagsFor(locale).filter((tag) => !catalogs[tag]);
  if (missing.length === 0) return false;
  const loaded = await Promise.all(
    missing.map((tag) =>
      lazyCatalogs[tag]().then(
        (m) => [tag, m.default] as const,
        () => null,
      ),
    ),
  );
  let any = false;
  for (const entry of loaded) {
    if (entry && !catalogs[entry[0]]) {
      catalogs[entry[0]] = entry[1];
      any = true;
    }
  }
  if (any) chain = buildChain(catalogTag(requested.locale));
  return any;
}

/** Register (or replace) a catalogue; used by tests and for adding a language. */
export function registerCatalog(tag: string, catalog: Catalog): void {
  catalogs[tag] = catalog;
  chain = buildChain(catalogTag(requested.locale));
}

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.PluralRules>(
  key: string,
  make: () => T,
): T {
  let f = formatterCache.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatterCache.set(key, f);
  }
  return f;
}

function pluralRules(): Intl.PluralRules {
  const { locale } = current();
  return cached(`pr|${locale}`, () => new Intl.PluralRules(locale));
}

function pick(message: Message, params: Params | undefined): string {
  if (typeof message === 'string') return message;
  const count = Number(params?.count ?? 0);
  if (count === 0 && message.zero !== undefined) return message.zero;
  const form = pluralRules().select(count) as keyof PluralForms;
  return message[form] ?? message.other;
}

function interpolate(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return whole;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
}

/** Translate `key` into the current locale, filling `{name}` placeholders from `params` (numbers are localised). */
export function t(key: MessageKey, params?: Params): string {
  for (const catalog of chain) {
    const m = catalog[key];
    if (m !== undefined) return interpolate(pick(m, params), params);
  }
  return key;
}

/** Translate a key built at run time (e.g. from a status); falls back to `fallback` when the key is unknown. */
export function tDynamic(key: string, fallback: string, params?: Params): string {
  for (const catalog of chain) {
    const m = (catalog as Record<string, Message | undefined>)[key];
    if (m !== undefined) return interpolate(pick(m, params), params);
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------------------------

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  const { locale } = current();
  const key = `nf|${locale}|${JSON.stringify(options ?? {})}`;
  return cached(key, () => new Intl.NumberFormat(locale, options)).format(n);
}

function toDate(value: string | number | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function dtf(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const { locale, timeZone } = current();
  const key = `dtf|${locale}|${timeZone}|${JSON.stringify(options)}`;
  return cached(key, () => new Intl.DateTimeFormat(locale, { ...options, timeZone }));
}

/** Date and time in the store's time zone, e.g. "23 Nov 2025, 14:05". */
export function formatDateTime(value: string | number | Date): string {
  const d = toDate(value);
  if (!d) return '—';
  return dtf({ dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDate(value: string | number | Date): string {
  const d = toDate(value);
  if (!d) return '—';
  return dtf({ dateStyle: 'medium' }).format(d);
}

export function formatTime(value: string | number | Date): string {
  const d = toDate(value);
  if (!d) return '—';
  return dtf({ timeStyle: 'short' }).format(d);
}

/** "5 minutes ago", "in 2 hours", "yesterday" relative to `now`. */
export function formatRelative(value: string | number | Date, now: number = Date.now()): string {
  const d = toDate(value);
  if (!d) return '—';
  const diffSec = Math.round((d.getTime() - now) / 1000);
  const abs = Math.abs(diffSec);
  const { locale } = current();
  const rtf = cached(`rtf|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' }));
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(diffSec / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(diffSec / 3600), 'hour');
  return rtf.format(Math.round(diffSec / 86400), 'day');
}

/** A duration as "2 h 05 min" / "45 min" / "3 d 4 h" (absolute value; callers add "overdue" or "left"). */
export function formatDuration(ms: number): string {
  const totalMin = Math.floor(Math.abs(ms) / 60000);
  const days = Math.floor(totalMin / 1440);
  const hours = Math.floor((totalMin % 1440) / 60);
  const minutes = totalMin % 60;
  if (days > 0) return t('time.days_hours', { d: days, h: hours });
  if (hours > 0) return t('time.hours_minutes', { h: hours, m: String(minutes).padStart(2, '0') });
  if (minutes === 0) return t('time.under_minute');
  return t('time.minutes', { m: minutes });
}

/**
 * Create the formatters a list of orders uses — numbers, plural rules, date and time in the store's zone — before
 * the list needs them (the engine loads locale and time-zone data for each on first use). For screens built ahead.
 */
export function warmFormatters(): void {
  formatNumber(0);
  pluralRules().select(1);
  formatDateTime(Date.now());
}

/** Grams as "850 g" or "1.25 kg" in the locale's notation. */
export function formatWeight(grams: number): string {
  if (grams < 1000) return t('unit.grams', { value: formatNumber(grams) });
  return t('unit.kilograms', { value: formatNumber(grams / 1000, { maximumFractionDigits: 3 }) });
}

/** Parse a number typed in the current locale ("1,5" in tr / pt-BR, "1.5" in en). Returns NaN when invalid. */
export function parseLocaleNumber(text: string): number {
  const s = text.trim().replace(/\s/g, '');
  if (!s) return Number.NaN;
  const parts = new Intl.NumberFormat(current().locale).formatToParts(12345.6);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  let normalised = s;
  if (s.includes(decimal)) {
    normalised = s.split(group === '.' || group === ',' ? group : '\u0000').join('');
    normalised = normalised.replace(decimal, '.');
  } else if (decimal === ',' && /^\d+\.\d{1,2}$/.test(s)) {
    // "1.5" typed on a comma-decimal keyboard layout: the numpad sends "." — take it as a decimal point.
    normalised = s;
  } else {
    normalised = s.split(group).join('');
  }
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return Number.NaN;
  return Number(normalised);
}

