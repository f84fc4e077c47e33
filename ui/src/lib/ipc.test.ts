import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), isTauri: vi.fn(() => true) }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));

import { invoke, isTauri } from '@tauri-apps/api/core';
import { api, IpcError, onSessionLost, toIpcError } from './ipc';
import { configure } from './i18n';
import { mockBackend } from '../test/backend';
import SignIn from './screens/SignIn.svelte';

beforeEach(() => {
  vi.mocked(invoke).mockReset();
  vi.mocked(isTauri).mockReturnValue(true);
  configure({ locale: 'en', timeZone: 'UTC' });
});

describe('IPC error mapping', () => {
  it('turns a rejected {code, message} into an IpcError', async () => {
    vi.mocked(invoke).mockRejectedValueOnce({ code: 'locked_out', message: 'Too many wrong PINs: wait 5 minutes.' });
    const err = await api.signIn('s1', '0000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect((err as IpcError).code).toBe('locked_out');
    expect((err as IpcError).message).toBe('Too many wrong PINs: wait 5 minutes.');
    expect(String(err)).not.toContain('[object Object]');
  });

  it('passes camelCase arguments with snake_case payload fields', async () => {
    vi.mocked(invoke).mockResolvedValue(null);
    await api.signIn('s1', '1234');
    await api.retryParked('cmd-9');
    await api.label('wo-1', '2', 'zpl');
    await api.inbox({ tab: 'needs_attention', text: 'PKG', offset: 100, limit: 100 });
    await api.act('wo-1', { slug: 'short_pick', line_id: 'L1', quantity: 1, reason: 'damaged' });
    expect(vi.mocked(invoke).mock.calls).toEqual([
      ['sign_in', { staffId: 's1', pin: '1234' }],
      ['retry_parked', { commandId: 'cmd-9' }],
      ['label', { id: 'wo-1', parcelRef: '2', format: 'zpl' }],
      ['inbox', { query: { tab: 'needs_attention', text: 'PKG', offset: 100, limit: 100 } }],
      ['act', { id: 'wo-1', command: { slug: 'short_pick', line_id: 'L1', quantity: 1, reason: 'damaged' } }],
    ]);
  });

  it('never sends the token when it was left empty', async () => {
    vi.mocked(invoke).mockResolvedValue(null);
    const settings = {
      oms_url: 'https://oms', store_code: 'IST-01', poll_interval_secs: 30, station_name: 'Counter 1', locale: 'tr',
      time_zone: 'Europe/Istanbul', idle_timeout_secs: 300, staff_may_enter_quantities: false, demo: false, token_set: true,
    };
    await api.settingsSet(settings);
    await api.settingsSet(settings, 'secret');
    expect(vi.mocked(invoke).mock.calls[0]).toEqual(['settings_set', { settings }]);
    expect(vi.mocked(invoke).mock.calls[1]).toEqual(['settings_set', { settings, token: 'secret' }]);
  });

  it('maps string rejections, exceptions and junk to readable messages', () => {
    expect(toIpcError('command foo not found')).toMatchObject({ code: 'internal', message: 'command foo not found' });
    expect(toIpcError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    const junk = toIpcError({ weird: true });
    expect(junk.code).toBe('internal');
    expect(junk.message).not.toContain('[object Object]');
    expect(junk.message.length).toBeGreaterThan(10);
    expect(toIpcError({ code: 'x', message: '' }).message).not.toBe('');
  });

  it('reports "not connected" outside the Storedesk shell without calling invoke', async () => {
    vi.mocked(isTauri).mockReturnValue(false);
    const err = (await api.staffList().catch((e: unknown) => e)) as IpcError;
    expect(err.code).toBe('not_connected');
    expect(err.message).toBe('Not connected to the Storedesk backend.');
    expect(invoke).not.toHaveBeenCalled();
  });

  it('reports a lost session (backend idle timeout) except from the sign-in commands', async () => {
    const lost = vi.fn();
    onSessionLost(lost);
    vi.mocked(invoke).mockRejectedValue({ code: 'session_expired', message: 'you were signed out because the station was idle: sign in again' });
    await api.inbox({ tab: 'all', text: '', offset: 0, limit: 100 }).catch(() => {});
    expect(lost).toHaveBeenCalledTimes(1);
    expect(lost.mock.calls[0][0]).toMatchObject({ code: 'session_expired' });
    await api.signIn('s1', '1111').catch(() => {});
    await api.currentSession().catch(() => {});
    expect(lost).toHaveBeenCalledTimes(1);
    onSessionLost(null);
  });

  it('shows the backend message in the UI, not [object Object]', async () => {
    mockBackend({
      staff_list: () => [{ id: 's1', name: 'Ayşe (PIN 1111)', role: 'staff' }],
      sign_in: () => {
        throw { code: 'wrong_pin', message: 'Wrong PIN. 2 tries left before a 5-minute lockout.' };
      },
    });
    render(SignIn);
    const tile = await screen.findByRole('button', { name: /Ayşe \(PIN 1111\)/ });
    await fireEvent.click(tile);
    await tick();
    for (const d of ['1', '2', '3', '4']) await fireEvent.click(screen.getByRole('button', { name: d }));
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const error = await screen.findByTestId('signin-error');
    expect(error.textContent).toContain('Wrong PIN. 2 tries left before a 5-minute lockout.');
    expect(document.body.textContent).not.toContain('[object Object]');
    expect(vi.mocked(invoke).mock.calls.find((c) => c[0] === 'sign_in')?.[1]).toEqual({
      staffId: 's1',
      pin: '1234',
      inbox: { tab: 'to_accept', text: '', offset: 0, limit: 100 },
    });
  });

  it('shows the lockout message with its own heading', async () => {
    mockBackend({
      staff_list: () => [{ id: 'm1', name: 'Mehmet', role: 'manager' }],
      sign_in: () => {
        throw { code: 'locked_out', message: 'Locked for 4 more minutes.' };
      },
    });
    render(SignIn);
    await fireEvent.click(await screen.findByRole('button', { name: /Mehmet/ }));
    await fireEvent.click(screen.getByRole('button', { name: '9' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const error = await screen.findByTestId('signin-error');
    expect(error.classList.contains('locked_out')).toBe(true);
    expect(error.textContent).toContain('Too many wrong PINs.');
    expect(error.textContent).toContain('Locked for 4 more minutes.');
  });
});
