// Transient notifications (aria-live). Errors stay longer and can be closed.

export type ToastKind = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  detail?: string;
}

let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export const toasts = $state<{ list: Toast[] }>({ list: [] });

export function dismiss(id: number): void {
  const timer = timers.get(id);
  if (timer) clearTimeout(timer);
  timers.delete(id);
  toasts.list = toasts.list.filter((t) => t.id !== id);
}

export function toast(kind: ToastKind, message: string, detail?: string): number {
  const id = nextId++;
  toasts.list = [...toasts.list.slice(-3), { id, kind, message, detail }];
  const ms = kind === 'error' ? 9000 : kind === 'warning' ? 6000 : 3500;
  timers.set(
    id,
    setTimeout(() => dismiss(id), ms),
  );
  return id;
}
