import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import PackPanel from './PackPanel.svelte';
import { detail, line, order } from '../../test/fixtures';
import { configure } from '../i18n';
import { resetShortcuts } from '../shortcuts';

beforeEach(() => {
  configure({ locale: 'en', timeZone: 'UTC' });
  resetShortcuts();
});

function picked() {
  return detail(
    order({
      status: 'picked',
      lines: [line({ id: 'L1', accepted: 2, picked: 2 }), line({ id: 'L2', name: 'Canvas tote', requested: 1, accepted: 1, picked: 1 })],
    }),
    ['pack'],
  );
}

describe('PackPanel', () => {
  it('lists what is missing before sending, then packs one parcel with everything', async () => {
    const run = vi.fn(async () => null);
    render(PackPanel, { props: { detail: picked(), run } });
    await fireEvent.click(screen.getByTestId('pack-submit'));
    expect(run).not.toHaveBeenCalled();
    const problems = screen.getByTestId('pack-problems').textContent ?? '';
    expect(problems).toContain('Parcel 1: choose a box.');
    expect(problems).toContain('Parcel 1: enter the weight.');

    await fireEvent.click(screen.getByLabelText(/^M/));
    await fireEvent.input(screen.getByLabelText('Weight'), { target: { value: '1.25' } });
    await fireEvent.click(screen.getByTestId('pack-submit'));
    expect(run).toHaveBeenCalledWith(
      {
        slug: 'pack',
        parcels: [
          { parcel_ref: '1', box_type: 'M', weight_g: 1250, contents: [{ line_id: 'L1', quantity: 2 }, { line_id: 'L2', quantity: 1 }] },
        ],
      },
      expect.anything(),
    );
  });

  it('refuses an empty extra parcel and units left out', async () => {
    const run = vi.fn(async () => null);
    render(PackPanel, { props: { detail: picked(), run } });
    await fireEvent.click(screen.getByRole('button', { name: /Add parcel/ }));
    await fireEvent.input(screen.getByLabelText('Units of Canvas tote in parcel 1'), { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('pack-submit'));
    const problems = screen.getByTestId('pack-problems').textContent ?? '';
    expect(problems).toContain('Parcel 2 is empty');
    expect(problems).toContain('1 unit of Canvas tote is not in a parcel yet.');
    expect(run).not.toHaveBeenCalled();
  });
});
