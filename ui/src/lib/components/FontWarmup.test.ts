import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import FontWarmup from './FontWarmup.svelte';

describe('FontWarmup', () => {
  afterEach(() => vi.useRealTimers());

  it('waits until the screen is drawn, then lays out every type style hidden from people and screen readers', async () => {
    vi.useFakeTimers();
    const { queryByTestId } = render(FontWarmup, { props: { delayMs: 150 } });
    // Nothing competes with the sign-in screen's own first layout.
    expect(queryByTestId('font-warmup')).toBeNull();

    vi.advanceTimersByTime(150);
    await tick();
    const warmup = queryByTestId('font-warmup');
    expect(warmup).not.toBeNull();
    expect(warmup!.getAttribute('aria-hidden')).toBe('true');
    const spans = Array.from(warmup!.querySelectorAll('span'));
    // Five sizes × three weights, each with proportional and tabular figures.
    expect(spans).toHaveLength(30);
    for (const size of ['xs', 'sm', 'base', 'lg', 'xl']) {
      for (const weight of ['400', '600', '700']) {
        const both = spans.filter((s) => s.classList.contains(`s-${size}`) && s.classList.contains(`w-${weight}`));
        expect(both.map((s) => s.classList.contains('tnum')).sort()).toEqual([false, true]);
      }
    }
    // Turkish letters and figures are among the glyphs asked for.
    expect(spans[0].textContent).toMatch(/ş/);
    expect(spans[0].textContent).toMatch(/0123456789/);
  });
});
