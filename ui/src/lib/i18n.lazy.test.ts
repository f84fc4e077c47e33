// A test file of its own: modules are fresh per file, so nothing but English is loaded when it starts.
import { describe, expect, it } from 'vitest';
import { configure, loadCatalogs, t } from './i18n';

describe('catalogue loading', () => {
  it('loads a language when a station first uses it, and only once', async () => {
    configure({ locale: 'tr' });
    // Until the Turkish catalogue is here, the English text stands in.
    expect(t('signin.hello', { name: 'Ayşe' })).toBe('Hello, Ayşe');
    expect(await loadCatalogs('tr-TR')).toBe(true);
    expect(t('signin.hello', { name: 'Ayşe' })).toBe('Merhaba, Ayşe');
    expect(await loadCatalogs('tr')).toBe(false);
    // English is always there; a language without a catalogue has nothing to load.
    expect(await loadCatalogs('en-GB')).toBe(false);
    expect(await loadCatalogs('nl')).toBe(false);
  });

  it('lets a regional variant borrow its sibling (pt-PT from pt-BR)', async () => {
    configure({ locale: 'pt-PT' });
    expect(await loadCatalogs('pt-PT')).toBe(true);
    expect(t('signin.who')).toBe('Quem está trabalhando?');
  });
});
