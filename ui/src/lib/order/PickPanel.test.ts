import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), isTauri: vi.fn(() => true) }));
vi.mock('../sound', () => ({ play: vi.fn(), setMuted: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import PickPanel from './PickPanel.svelte';
import { play } from '../sound';
import { routeScan, resetScanRouting } from '../scanner';
import { mockBackend } from '../../test/backend';
import { detail, line, order } from '../../test/fixtures';
import { configure } from '../i18n';
import { app } from '../state.svelte';
import type { WorkOrderDetail } from '../types';

function picking(): WorkOrderDetail {
  return detail(
    order({
      status: 'picking',
      lines: [
        line({ id: 'L1', accepted: 2, picked: 1 }),
        line({ id: 'L2', name: 'Canvas tote', sku: 'SKU-2', barcodes: ['8690000000028'], requested: 1, accepted: 1 }),
      ],
    }),
    ['reject', 'reject_lines', 'pick', 'short_pick', 'complete_pick'],
  );
}

async function scan(code: string) {
  await routeScan(code);
  await tick();
}

beforeEach(() => {
  vi.mocked(invoke).mockReset();
  vi.mocked(play).mockReset();
  resetScanRouting();
  configure({ locale: 'en', timeZone: 'UTC' });
  app.session = { staff: { id: 's1', name: 'Ayşe', role: 'staff' }, station: 'Pack 1', idle_timeout_secs: 300 };
  app.settings = null;
});

describe('PickPanel scan feedback', () => {
  const errors = [
    ['wrong_item', 'wrong item: 08690000000099 is not on this order; put it back and scan an item from the list', 'Wrong item'],
    ['unknown_barcode', 'unknown barcode "123": not a valid EAN/UPC/GS1 code', 'Unknown barcode'],
    ['over_pick', 'over-pick: all 1 unit(s) of SKU-2 are already picked; put this one back', 'Already complete'],
    ['not_a_product', '"PCL-000123-1" is not a product barcode: scan the barcode on the item itself', 'Not a product barcode'],
  ] as const;

  it('gives each scan error its own look, text and sound', async () => {
    const d = picking();
    render(PickPanel, { props: { detail: d, run: vi.fn(), ondetail: vi.fn() } });
    const seen = new Set<string>();
    for (const [code, message, title] of errors) {
      mockBackend({
        scan_pick: () => {
          throw { code, message };
        },
      });
      await scan('SOMECODE');
      const fb = screen.getByTestId('scan-feedback');
      expect(fb.dataset.kind).toBe(code);
      expect(fb.classList.contains(code)).toBe(true);
      expect(fb.getAttribute('role')).toBe('alert');
      expect(fb.textContent).toContain(title);
      expect(fb.textContent).toContain(message);
      expect(play).toHaveBeenLastCalledWith(code);
      seen.add(fb.className);
    }
    expect(seen.size).toBe(4);
  });

  it('blips and counts on a good scan', async () => {
    const d = picking();
    const after = structuredClone(d);
    after.order.lines[1].picked = 1;
    const ondetail = vi.fn();
    mockBackend({ scan_pick: () => after });
    render(PickPanel, { props: { detail: d, run: vi.fn(), ondetail } });
    await scan('8690000000028');
    await tick();
    const fb = screen.getByTestId('scan-feedback');
    expect(fb.dataset.kind).toBe('success');
    expect(fb.textContent).toContain('Canvas tote');
    expect(play).toHaveBeenLastCalledWith('success');
    expect(ondetail).toHaveBeenCalledWith(after);
    expect(vi.mocked(invoke).mock.calls[0]).toEqual(['scan_pick', { id: 'wo-1', code: '8690000000028' }]);
  });

  it('offers typed quantities only to managers or when settings allow it', async () => {
    const { unmount } = render(PickPanel, { props: { detail: picking(), run: vi.fn(), ondetail: vi.fn() } });
    expect(screen.queryAllByRole('button', { name: 'Add' })).toHaveLength(0);
    unmount();
    app.session = { staff: { id: 'm1', name: 'Mehmet', role: 'manager' }, station: 'Pack 1', idle_timeout_secs: 300 };
    render(PickPanel, { props: { detail: picking(), run: vi.fn(), ondetail: vi.fn() } });
    expect(screen.getAllByRole('button', { name: 'Add' })).toHaveLength(2);
  });
});
