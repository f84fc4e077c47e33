import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render } from '@testing-library/svelte';
import { createRawSnippet, tick } from 'svelte';
import VirtualList from './VirtualList.svelte';

const row = createRawSnippet((index: () => number) => ({
  render: () => `<span class="cell">Row ${index()}</span>`,
}));

function setScrollTop(el: HTMLElement, value: number) {
  Object.defineProperty(el, 'scrollTop', { configurable: true, writable: true, value });
  el.dispatchEvent(new Event('scroll'));
}

describe('VirtualList', () => {
  it('renders only a window of 10,000 rows', async () => {
    const onrange = vi.fn();
    const { getByTestId } = render(VirtualList, { props: { count: 10_000, rowHeight: 50, label: 'Orders', row, onrange } });
    const viewport = getByTestId('virtual-list');
    let options = viewport.querySelectorAll('[role="option"]');
    expect(options.length).toBeGreaterThan(5);
    expect(options.length).toBeLessThan(40);
    expect(options[0].textContent).toBe('Row 0');
    expect(options[0].getAttribute('aria-setsize')).toBe('10000');
    // The scroll area is as tall as all rows together.
    const spacer = viewport.firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe('500000px');

    setScrollTop(viewport, 50 * 5000);
    await tick();
    options = viewport.querySelectorAll('[role="option"]');
    const texts = Array.from(options, (o) => o.textContent);
    expect(texts).toContain('Row 5000');
    expect(texts).not.toContain('Row 0');
    expect(options.length).toBeLessThan(40);
    expect((options[0] as HTMLElement).style.transform).toMatch(/translateY\(\d+px\)/);
    expect(onrange).toHaveBeenLastCalledWith(expect.any(Number), expect.any(Number));
    const [start, end] = onrange.mock.lastCall as [number, number];
    expect(start).toBeLessThanOrEqual(5000);
    expect(end).toBeGreaterThan(5000);
  });

  it('moves with the keyboard and activates with Enter', async () => {
    const onactivate = vi.fn();
    const { getByTestId } = render(VirtualList, { props: { count: 10_000, rowHeight: 50, label: 'Orders', row, onactivate } });
    const viewport = getByTestId('virtual-list');
    viewport.focus();
    await fireEvent.keyDown(viewport, { key: 'End' });
    await tick();
    const active = viewport.querySelector('[aria-selected="true"]');
    expect(active?.textContent).toBe('Row 9999');
    expect(viewport.getAttribute('aria-activedescendant')).toBe(active?.id);
    await fireEvent.keyDown(viewport, { key: 'ArrowUp' });
    await fireEvent.keyDown(viewport, { key: 'Enter' });
    expect(onactivate).toHaveBeenCalledWith(9998);
  });
});
