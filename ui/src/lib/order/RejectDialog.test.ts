import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import RejectDialog from './RejectDialog.svelte';
import { order, reasons } from '../../test/fixtures';
import { configure } from '../i18n';
import { resetShortcuts } from '../shortcuts';
import { resetScanRouting } from '../scanner';

beforeEach(() => {
  configure({ locale: 'en', timeZone: 'UTC' });
  resetShortcuts();
  resetScanRouting();
});

const allowed = ['accept', 'reject', 'reject_lines'] as const;

describe('RejectDialog', () => {
  it('requires a reason before rejecting the whole order, then asks for confirmation', async () => {
    const onsubmit = vi.fn();
    render(RejectDialog, { props: { order: order(), allowed: [...allowed], reasons, onsubmit, onclose: vi.fn() } });
    await fireEvent.click(screen.getByTestId('reject-submit'));
    expect(onsubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId('reject-problems').textContent).toContain('Choose a reason.');

    // Inactive reasons are not offered.
    const select = screen.getByTestId('reject-reason') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(['', 'out_of_stock', 'damaged']);

    await fireEvent.change(select, { target: { value: 'damaged' } });
    await fireEvent.click(screen.getByTestId('reject-submit'));
    expect(onsubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId('reject-submit').textContent).toContain('Yes, reject');
    await fireEvent.click(screen.getByTestId('reject-submit'));
    expect(onsubmit).toHaveBeenCalledWith([{ slug: 'reject', reason: 'damaged' }]);
  });

  it('rejects chosen quantities with a reason and accepts the rest', async () => {
    const onsubmit = vi.fn();
    render(RejectDialog, { props: { order: order(), allowed: [...allowed], reasons, onsubmit, onclose: vi.fn() } });
    await fireEvent.click(screen.getByLabelText(/Some items/));
    await fireEvent.input(screen.getByLabelText('Units of Linen shirt, blue, M to reject'), { target: { value: '1' } });
    await fireEvent.click(screen.getByTestId('reject-submit'));
    expect(onsubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId('reject-problems').textContent).toContain('Choose a reason.');

    await fireEvent.change(screen.getByLabelText('Reason for Linen shirt, blue, M'), { target: { value: 'out_of_stock' } });
    await fireEvent.click(screen.getByTestId('reject-submit'));
    expect(onsubmit).toHaveBeenCalledWith([
      { slug: 'reject_lines', lines: [{ line_id: 'L1', quantity: 1, reason: 'out_of_stock' }] },
      { slug: 'accept' },
    ]);
  });

  it('shows the backend message when the OMS refuses', () => {
    render(RejectDialog, {
      props: { order: order(), allowed: [...allowed], reasons, error: 'reason code "x" is not in the OMS reason list', onsubmit: vi.fn(), onclose: vi.fn() },
    });
    expect(screen.getByRole('alert').textContent).toContain('reason code "x" is not in the OMS reason list');
  });
});
