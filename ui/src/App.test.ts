import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), isTauri: vi.fn(() => false) }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));

import { invoke } from '@tauri-apps/api/core';
import App from './App.svelte';

describe('App outside the Storedesk shell', () => {
  it('shows a clear "not connected" screen instead of crashing', async () => {
    render(App);
    const box = await screen.findByTestId('not-connected');
    expect(box.textContent).toContain('Not connected to the Storedesk backend');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(invoke).not.toHaveBeenCalled();
  });
});
