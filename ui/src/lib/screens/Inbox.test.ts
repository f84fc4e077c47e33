import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { handleShortcut } from '../shortcuts';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), isTauri: vi.fn(() => true) }));

import { invoke } from '@tauri-apps/api/core';
import Inbox from './Inbox.svelte';
import { mockBackend, callsOf } from '../../test/backend';
import { row } from '../../test/fixtures';
import { configure } from '../i18n';
import { firstPageQuery, handOverFirstPage, inboxView } from '../inbox.svelte';
import { app, clock } from '../state.svelte';
import type { InboxPage, InboxTab } from '../types';

const counts: Record<InboxTab, number> = {
  to_accept: 3,
  picking: 7,
  packing: 0,
  ready_to_ship: 1,
  ready_for_pickup: 2,
  transfers_out: 0,
  transfers_in: 4,
  needs_attention: 2,
  all: 1234,
};

const session = { staff: { id: 's1', name: 'Ayşe', role: 'staff' as const }, station: 'Counter 1', idle_timeout_secs: 300 };

beforeEach(() => {
  vi.mocked(invoke).mockReset();
  configure({ locale: 'en', timeZone: 'UTC' });
  clock.now = Date.now();
  app.session = session;
});

describe('Inbox', () => {
  it('draws the first page that came with the sign-in without asking again, and asks for any later one', async () => {
    const handed: InboxPage = { total: 1, counts, rows: [row({ id: 'handed', number: 'PKG-000010' })] };
    const fresh: InboxPage = { total: 1, counts: { ...counts, to_accept: 1 }, rows: [row({ id: 'fresh', number: 'PKG-000011' })] };
    mockBackend({ inbox: () => fresh });
    handOverFirstPage(firstPageQuery(), handed);
    const first = render(Inbox);
    // Drawn with the component: no call, no wait.
    expect(screen.getAllByTestId('inbox-row').map((r) => r.dataset.id)).toEqual(['handed']);
    expect(callsOf('inbox')).toHaveLength(0);
    first.unmount();

    // Taken once: the next visit asks the backend.
    render(Inbox);
    await waitFor(() => expect(screen.getAllByTestId('inbox-row').map((r) => r.dataset.id)).toEqual(['fresh']));
    expect(callsOf('inbox')).toHaveLength(1);
  });

  it('built while a PIN is typed, asks for nothing until the sign-in, then draws the page that came with it', async () => {
    app.session = null;
    mockBackend({ inbox: () => ({ total: 1, counts, rows: [row({ id: 'asked' })] }) });
    render(Inbox);
    await tick();
    expect(screen.queryAllByTestId('inbox-row')).toHaveLength(0);
    expect(screen.getByTestId('inbox-empty').textContent).toContain('Loading');
    // Its shortcuts (F5: refresh) are not there for nobody.
    expect(handleShortcut(new KeyboardEvent('keydown', { key: 'F5' }))).toBe(false);
    expect(callsOf('inbox')).toHaveLength(0);

    handOverFirstPage(firstPageQuery(), { total: 1, counts, rows: [row({ id: 'handed', number: 'PKG-000012' })] });
    app.session = session;
    await tick();
    expect(screen.getAllByTestId('inbox-row').map((r) => r.dataset.id)).toEqual(['handed']);
    expect(screen.getByTestId('count-to_accept').textContent).toBe('3');
    expect(callsOf('inbox')).toHaveLength(0);
  });

  it('drops a handed-over page that answers another tab', async () => {
    mockBackend({ inbox: () => ({ total: 1, counts, rows: [row({ id: 'fresh' })] }) });
    handOverFirstPage({ ...firstPageQuery(), tab: 'picking' }, { total: 1, counts, rows: [row({ id: 'stale' })] });
    expect(inboxView.tab).toBe('to_accept');
    render(Inbox);
    await waitFor(() => expect(screen.getAllByTestId('inbox-row').map((r) => r.dataset.id)).toEqual(['fresh']));
    expect(callsOf('inbox')).toEqual([{ query: { tab: 'to_accept', text: '', offset: 0, limit: 100 } }]);
  });

  it('shows tab counts and colours each deadline (urgent first)', async () => {
    const now = clock.now;
    const page: InboxPage = {
      total: 3,
      counts,
      rows: [
        row({ id: 'ok', number: 'PKG-000001', due_at: new Date(now + 5 * 3600_000).toISOString() }),
        row({ id: 'late', number: 'PKG-000002', due_at: new Date(now - 20 * 60_000).toISOString(), has_parked: true }),
        row({ id: 'soon', number: 'PKG-000003', due_at: new Date(now + 30 * 60_000).toISOString(), cancel_requested: true }),
      ],
    };
    mockBackend({ inbox: () => page });
    render(Inbox);

    await waitFor(() => expect(screen.getAllByTestId('inbox-row')).toHaveLength(3));
    expect(screen.getByTestId('count-to_accept').textContent).toBe('3');
    expect(screen.getByTestId('count-picking').textContent).toBe('7');
    expect(screen.getByTestId('count-all').textContent).toBe('1,234');
    expect(screen.getByTestId('tab-needs_attention').classList.contains('attention')).toBe(true);

    const rows = screen.getAllByTestId('inbox-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['late', 'soon', 'ok']);
    const level = (id: string) => rows.find((r) => r.dataset.id === id)?.querySelector('[data-sla]')?.getAttribute('data-sla');
    expect(level('late')).toBe('breached');
    expect(level('soon')).toBe('soon');
    expect(level('ok')).toBe('ok');
    expect(rows[0].textContent).toContain('20 min overdue');
    expect(rows[0].textContent).toContain('Sync problem');
    expect(rows[1].textContent).toContain('Cancel requested');

    expect(callsOf('inbox')[0]).toEqual({ query: { tab: 'to_accept', text: '', offset: 0, limit: 100 } });
  });

  it('fetches only the pages it shows for a 10,000-row tab', async () => {
    mockBackend({
      inbox: (args) => {
        const q = (args as { query: { offset: number; limit: number } }).query;
        return {
          total: 10_000,
          counts: { ...counts, all: 10_000 },
          rows: Array.from({ length: q.limit }, (_, i) => row({ id: `wo-${q.offset + i}`, number: `PKG-${q.offset + i}` })),
        } satisfies InboxPage;
      },
    });
    render(Inbox);
    await waitFor(() => expect(screen.getAllByTestId('inbox-row').length).toBeGreaterThan(5));
    expect(screen.getAllByTestId('inbox-row').length).toBeLessThan(40);
    expect(callsOf('inbox').length).toBeLessThanOrEqual(2);
  });

  it('says so when the backend fails', async () => {
    mockBackend({
      inbox: () => {
        throw { code: 'db_locked', message: 'The local database is busy. Try again in a moment.' };
      },
    });
    render(Inbox);
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', expect.stringContaining('The local database is busy'));
  });
});
