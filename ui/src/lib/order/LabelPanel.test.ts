import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), isTauri: vi.fn(() => true) }));

import { invoke } from '@tauri-apps/api/core';
import LabelPanel from './LabelPanel.svelte';
import { callsOf, mockBackend } from '../../test/backend';
import { detail, line, order } from '../../test/fixtures';
import { configure } from '../i18n';
import { resetShortcuts } from '../shortcuts';
import type { PrintRecord } from '../types';

beforeEach(() => {
  vi.mocked(invoke).mockReset();
  configure({ locale: 'en', timeZone: 'UTC' });
  resetShortcuts();
});

function packed(withCarrierLabel: boolean) {
  return detail(
    order({
      status: 'packed',
      lines: [line({ accepted: 2, picked: 2, packed: 2 })],
      parcels: [
        {
          parcel_ref: '1',
          box_type: 'M',
          weight_g: 1200,
          contents: [{ line_id: 'L1', quantity: 2 }],
          label_attached: false,
          ...(withCarrierLabel ? { number: 'PCL-000123-1', label_formats: ['zpl' as const, 'pdf' as const] } : {}),
        },
      ],
    }),
    ['attach_label'],
  );
}

const ready = { role: 'label', configured: true, printer: 'label printer 10.0.0.5:9100', ready: true, code: 'ready', message: 'Ready.' };

describe('LabelPanel printing', () => {
  it('shows a dead label printer up front, and a failed print with Retry that then prints', async () => {
    let up = false;
    const history: PrintRecord[] = [];
    mockBackend({
      print_history: () => history,
      printer_check: () =>
        up
          ? ready
          : { ...ready, ready: false, code: 'printer_unreachable', message: 'Label printer 10.0.0.5:9100 did not answer (connection refused). Check that it is switched on, then press Retry.' },
      print_document: (args) => {
        if (!up) throw { code: 'printer_unreachable', message: 'Label printer 10.0.0.5:9100 did not answer (connection refused). Check that it is switched on, then press Retry.' };
        history.unshift({ at: new Date().toISOString(), by: 'Ayşe', action: 'print', document: 'local_label', parcel_ref: '1' });
        return { printer: 'label printer 10.0.0.5:9100', job_id: 'raw-1', format: 'zpl', reprint: false, args };
      },
    });
    render(LabelPanel, { props: { detail: packed(false), run: vi.fn(async () => null) } });
    expect((await screen.findByTestId('label-printer-problem')).textContent).toContain('did not answer');

    // No carrier label yet: the button prints Storedesk's own label.
    await fireEvent.click(screen.getByTestId('label-print'));
    const error = await screen.findByTestId('print-error');
    expect(error.textContent).toContain('10.0.0.5:9100');
    expect(callsOf('print_document')[0]).toEqual({ id: 'wo-1', request: { document: 'local_label', parcel_ref: '1' } });

    up = true;
    await fireEvent.click(screen.getByTestId('print-retry'));
    await waitFor(() => expect(screen.queryByTestId('print-error')).toBeNull());
    expect(await screen.findByTestId('label-printed')).toBeTruthy();
    expect(callsOf('print_document')).toHaveLength(2);
  });

  it('asks for a reason before printing a label again, and voids with a reason', async () => {
    const history: PrintRecord[] = [
      { at: new Date().toISOString(), by: 'Ayşe', action: 'print', document: 'carrier_label', parcel_ref: '1', printer: 'label printer 10.0.0.5:9100' },
    ];
    mockBackend({
      print_history: () => history,
      printer_check: () => ready,
      print_document: () => ({ printer: 'label printer 10.0.0.5:9100', job_id: 'raw-2', format: 'zpl', reprint: true }),
      void_label: () => {
        history.unshift({ at: new Date().toISOString(), by: 'Ayşe', action: 'void', document: 'local_label', parcel_ref: '1', reason: 'wrong_parcel' });
        return null;
      },
    });
    render(LabelPanel, { props: { detail: packed(true), run: vi.fn(async () => null) } });
    await fireEvent.click(await screen.findByTestId('label-reprint'));
    await fireEvent.click(screen.getByRole('button', { name: 'Reprint' }));
    expect(await screen.findByText('Choose why you reprint.')).toBeTruthy();
    expect(callsOf('print_document')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('reason-printer_jam'));
    await fireEvent.click(screen.getByRole('button', { name: 'Reprint' }));
    await waitFor(() => expect(callsOf('print_document')).toHaveLength(1));
    expect(callsOf('print_document')[0]).toEqual({
      id: 'wo-1',
      request: { document: 'carrier_label', parcel_ref: '1', reason: 'printer_jam' },
    });

    await fireEvent.click(await screen.findByTestId('label-void'));
    await fireEvent.click(screen.getByTestId('reason-wrong_parcel'));
    await fireEvent.click(screen.getByRole('button', { name: 'Void label' }));
    await waitFor(() => expect(callsOf('void_label')).toEqual([{ id: 'wo-1', parcelRef: '1', reason: 'wrong_parcel' }]));
    // Voided: the parcel prints as new again.
    expect(await screen.findByTestId('label-print')).toBeTruthy();
  });
});
