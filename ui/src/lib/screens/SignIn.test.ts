import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), isTauri: vi.fn(() => true) }));

import { invoke } from '@tauri-apps/api/core';
import SignIn from './SignIn.svelte';
import { callsOf, mockBackend } from '../../test/backend';
import { configure } from '../i18n';
import { app } from '../state.svelte';
import { firstPageQuery, takeFirstPage } from '../inbox.svelte';

const info = { version: '0.1.0', demo: true, oms_url: '', station_name: 'Counter 1', locale: 'en', time_zone: 'UTC', first_run: true, staff: [], session: null };

beforeEach(() => {
  vi.mocked(invoke).mockReset();
  configure({ locale: 'en', timeZone: 'UTC' });
  app.session = null;
  app.staging = null;
  app.settings = null;
  app.info = info;
});

describe('SignIn', () => {
  it('sets up the first manager on a new station', async () => {
    const session = { staff: { id: 'm1', name: 'Elif', role: 'manager' }, station: 'Counter 1', idle_timeout_secs: 300 };
    mockBackend({
      staff_list: () => [],
      staff_bootstrap: () => session,
      settings_get: () => { throw { code: 'x', message: 'not in this test' }; },
      sync_status: () => { throw { code: 'x', message: 'not in this test' }; },
      reasons: () => [],
    });
    render(SignIn);
    expect(await screen.findByText('Set up this station')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toContain('Demo mode.');

    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Elif' } });
    await fireEvent.input(screen.getByLabelText('PIN (4–8 digits)'), { target: { value: '1234' } });
    await fireEvent.input(screen.getByLabelText('PIN again'), { target: { value: '1243' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create manager and sign in' }));
    expect(screen.getByRole('alert').textContent).toContain('The two PINs are not the same.');
    expect(callsOf('staff_bootstrap')).toHaveLength(0);

    await fireEvent.input(screen.getByLabelText('PIN again'), { target: { value: '1234' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create manager and sign in' }));
    await vi.waitFor(() => expect(app.session).toEqual(session));
    expect(callsOf('staff_bootstrap')).toEqual([{ name: 'Elif', pin: '1234' }]);
  });

  it('signs in with the PIN and keeps the inbox page that came with it for the inbox screen', async () => {
    const session = { staff: { id: 's1', name: 'Ayşe', role: 'staff' }, station: 'Counter 1', idle_timeout_secs: 300 };
    const page = { total: 0, rows: [], counts: { to_accept: 4 } };
    mockBackend({
      staff_list: () => [{ id: 's1', name: 'Ayşe', role: 'staff' }],
      sign_in: () => ({ session, inbox: page }),
      pin_typed: () => undefined,
      settings_get: () => { throw { code: 'x', message: 'not in this test' }; },
      sync_status: () => { throw { code: 'x', message: 'not in this test' }; },
      reasons: () => [],
    });
    render(SignIn);
    await fireEvent.click(await screen.findByRole('button', { name: /Ayşe/ }));
    // While she types, her screens are built (hidden) for her.
    await vi.waitFor(() => expect(app.staging?.id).toBe('s1'));
    for (const d of ['1', '1', '1', '1']) await fireEvent.click(screen.getByRole('button', { name: d }));
    // From the shortest PIN's length on, the PIN typed so far is checked ahead of the sign-in.
    await vi.waitFor(() => expect(callsOf('pin_typed')).toEqual([{ staffId: 's1', pin: '1111' }]));
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(app.session).toEqual(session));
    expect(app.staging).toBeNull();
    // One call: the PIN and the inbox page the next screen shows.
    expect(callsOf('sign_in')).toEqual([{ staffId: 's1', pin: '1111', inbox: firstPageQuery() }]);
    expect(takeFirstPage(firstPageQuery())).toEqual(page);
  });

  it('builds the screens ahead only for the person at the keypad, and drops them when they step back', async () => {
    mockBackend({ staff_list: () => [{ id: 's1', name: 'Ayşe', role: 'staff' }, { id: 'm1', name: 'Elif', role: 'manager' }] });
    const view = render(SignIn);
    await fireEvent.click(await screen.findByRole('button', { name: /Elif/ }));
    await vi.waitFor(() => expect(app.staging?.id).toBe('m1'));
    await fireEvent.keyDown(document.getElementById('pin')!, { key: 'Escape' });
    expect(app.staging).toBeNull();
    await fireEvent.click(await screen.findByRole('button', { name: /Ayşe/ }));
    await vi.waitFor(() => expect(app.staging?.id).toBe('s1'));
    // Leaving the sign-in screen some other way (the backend gone) drops them too.
    view.unmount();
    expect(app.staging).toBeNull();
  });

  it('renders staff names exactly as the backend sends them (demo PINs included)', async () => {
    mockBackend({ staff_list: () => [{ id: 's1', name: 'Ayşe (PIN 1111)', role: 'staff' }, { id: 'm1', name: 'Elif', role: 'manager' }] });
    render(SignIn);
    const tiles = await screen.findAllByTestId('staff-tile');
    expect(tiles.map((t) => t.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['A Ayşe (PIN 1111) Staff', 'E Elif Manager']);
  });

  it('draws the first screen from the staff list that came with the app info, and asks again on a later visit', async () => {
    mockBackend({ staff_list: () => [{ id: 's2', name: 'Kemal', role: 'staff' }] });
    app.info = { ...info, first_run: false, staff: [{ id: 's1', name: 'Ayşe', role: 'staff' }] };
    const first = render(SignIn);
    expect((await screen.findAllByTestId('staff-tile')).map((t) => t.textContent)).toEqual([expect.stringContaining('Ayşe')]);
    expect(callsOf('staff_list')).toHaveLength(0);
    first.unmount();

    render(SignIn);
    await vi.waitFor(() => expect(screen.getAllByTestId('staff-tile').map((t) => t.textContent)).toEqual([expect.stringContaining('Kemal')]));
    expect(callsOf('staff_list')).toHaveLength(1);
  });
});
