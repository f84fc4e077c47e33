import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  configure,
  currentLocale,
  currentTimeZone,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatRelative,
  formatTime,
  formatWeight,
  loadCatalogs,
  parseLocaleNumber,
  registerCatalog,
  SYSTEM_TIME_ZONE,
  t,
  tDynamic,
  type MessageKey,
} from './i18n';
import en from './i18n/en';
import tr from './i18n/tr';
import ptBR from './i18n/pt-BR';

afterEach(() => configure({ locale: 'en', timeZone: 'UTC' }));

beforeAll(async () => {
  await loadCatalogs('tr');
  await loadCatalogs('pt-BR');
});

describe('t()', () => {
  it('translates and interpolates', () => {
    configure({ locale: 'en' });
    expect(t('signin.hello', { name: 'Ayşe' })).toBe('Hello, Ayşe');
    configure({ locale: 'tr' });
    expect(t('signin.hello', { name: 'Ayşe' })).toBe('Merhaba, Ayşe');
    configure({ locale: 'pt-BR' });
    expect(t('signin.who')).toBe('Quem está trabalhando?');
  });

  it('falls back to English for keys a catalogue lacks, and to the key when nobody has it', () => {
    // A partial catalogue (as a new language starts out): its own strings, English for the rest.
    registerCatalog('nl', { 'inbox.tab.all': 'Alles' });
    configure({ locale: 'nl' });
    expect(t('inbox.tab.all')).toBe('Alles');
    expect(t('pack.title')).toBe('Pack');
    configure({ locale: 'de-DE' });
    expect(t('inbox.tab.all')).toBe('All');
    expect(t('no.such.key' as MessageKey)).toBe('no.such.key');
    expect(tDynamic('action.from_the_future', 'from_the_future')).toBe('from_the_future');
  });

  it('finds a regional catalogue from a sibling or base tag', () => {
    configure({ locale: 'tr-TR' });
    expect(t('inbox.tab.all')).toBe('Tümü');
    configure({ locale: 'pt-PT' });
    expect(t('inbox.tab.all')).toBe('Todos');
  });

  it('chooses plural forms and localises numbers in placeholders', () => {
    configure({ locale: 'en' });
    expect(t('sync.pending', { count: 1 })).toBe('1 action waiting to sync');
    expect(t('sync.pending', { count: 1234 })).toBe('1,234 actions waiting to sync');
    configure({ locale: 'tr' });
    expect(t('sync.pending', { count: 1234 })).toBe('1.234 işlem eşitlenmeyi bekliyor');
    configure({ locale: 'pt-BR' });
    expect(t('sync.pending', { count: 1 })).toBe('1 ação aguardando sincronização');
  });

  it('survives an invalid locale or time zone', () => {
    configure({ locale: 'not a locale!!', timeZone: 'Mars/Olympus' });
    expect(t('inbox.tab.all')).toBe('All');
    expect(formatTime('2025-01-01T10:00:00Z')).toMatch(/10:00/);
  });
});

describe('configuration', () => {
  afterEach(() => vi.restoreAllMocks());

  it('picks catalogues from tags written any way, without asking Intl', () => {
    const canonical = vi.spyOn(Intl, 'getCanonicalLocales');
    const zones = vi.spyOn(Intl, 'DateTimeFormat');
    configure({ locale: 'pt_br', timeZone: 'America/Sao_Paulo' });
    expect(t('inbox.tab.all')).toBe(ptBR['inbox.tab.all']);
    configure({ locale: 'TR-tr' });
    expect(t('inbox.tab.all')).toBe(tr['inbox.tab.all']);
    // The engine's locale and zone data load on the first Intl call, which start-up leaves until a formatter.
    expect(canonical).not.toHaveBeenCalled();
    expect(zones).not.toHaveBeenCalled();
    expect(currentLocale()).toBe('tr-TR');
    expect(canonical).toHaveBeenCalled();
  });

  it("uses the computer's time zone when asked for it", () => {
    configure({ locale: 'en-GB', timeZone: SYSTEM_TIME_ZONE });
    const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(currentTimeZone()).toBe(system);
    const at = Date.parse('2025-07-01T10:00:00Z');
    expect(formatTime(at)).toBe(new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: system }).format(at));
  });

  it('falls back to English and UTC for values Intl refuses', () => {
    configure({ locale: 'xx-!!', timeZone: 'Mars/Olympus' });
    expect(currentLocale()).toBe('en');
    expect(currentTimeZone()).toBe('UTC');
    configure({ locale: 'zz', timeZone: 'Mars/Olympus' });
    expect(t('inbox.tab.all')).toBe(en['inbox.tab.all']);
  });
});

describe('formatting', () => {
  it('formats dates and times in the store time zone', () => {
    configure({ locale: 'en-GB', timeZone: 'Europe/Istanbul' });
    expect(formatTime('2025-01-01T10:00:00Z')).toBe('13:00');
    configure({ locale: 'pt-BR', timeZone: 'America/Sao_Paulo' });
    expect(formatTime('2025-01-01T10:00:00Z')).toBe('07:00');
    expect(formatDateTime('2025-01-01T10:00:00Z')).toContain('2025');
    expect(formatDateTime('nonsense')).toBe('—');
  });

  it('formats numbers, weights and durations for the locale', () => {
    configure({ locale: 'tr' });
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatWeight(850)).toBe('850 g');
    expect(formatWeight(1250)).toBe('1,25 kg');
    expect(formatDuration(65 * 60_000)).toBe('1 sa 05 dk');
    configure({ locale: 'en' });
    expect(formatDuration(-25 * 60_000)).toBe('25 min');
    expect(formatDuration((26 * 60 + 3) * 60_000)).toBe('1 d 2 h');
  });

  it('formats relative times', () => {
    configure({ locale: 'en' });
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(formatRelative('2025-01-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2025-01-01T14:00:00Z', now)).toBe('in 2 hours');
    expect(formatRelative('2025-01-01T12:00:10Z', now)).toBe('now');
  });

  it('parses numbers typed in the locale', () => {
    configure({ locale: 'tr' });
    expect(parseLocaleNumber('1,5')).toBe(1.5);
    expect(parseLocaleNumber('1.250')).toBe(1250);
    configure({ locale: 'en' });
    expect(parseLocaleNumber('1.5')).toBe(1.5);
    expect(parseLocaleNumber('1,250')).toBe(1250);
    expect(Number.isNaN(parseLocaleNumber('abc'))).toBe(true);
  });
});

describe('catalogues', () => {
  const placeholders = (m: unknown): string[] => {
    const texts = typeof m === 'string' ? [m] : Object.values(m as Record<string, string>);
    return [...new Set(texts.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();
  };

  it('translate every string into Turkish and Brazilian Portuguese', () => {
    const required = Object.keys(en);
    for (const [name, catalog] of [['tr', tr], ['pt-BR', ptBR]] as const) {
      const missing = required.filter((k) => !(k in catalog));
      expect(missing, `${name} lacks`).toEqual([]);
    }
  });

  it('use the same placeholders as English', () => {
    for (const catalog of [tr, ptBR]) {
      for (const [key, message] of Object.entries(catalog)) {
        expect(key in en, key).toBe(true);
        const ours = placeholders(message).filter((p) => p !== 'count');
        const theirs = placeholders(en[key as keyof typeof en]).filter((p) => p !== 'count');
        expect(ours, key).toEqual(theirs);
      }
    }
  });
});
