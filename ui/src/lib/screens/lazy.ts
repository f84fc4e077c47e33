// Screens loaded on first use, so the start-up bundle holds only the shell, the sign-in screen and the inbox
// (less script to parse before the first screen, less memory while the inbox is all that is open). Each loads
// from the app's own files the first time it is opened (tens of milliseconds, once per start).

import type { Component } from 'svelte';

function once<T>(load: () => Promise<{ default: T }>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().then(
      (m) => m.default,
      (e: unknown) => {
        pending = null; // try again next time
        throw e;
      },
    );
    return pending;
  };
}

export const screens = {
  order: once(() => import('./OrderDetail.svelte')),
  parked: once(() => import('./Parked.svelte')),
  manager: once(() => import('./Manager.svelte')),
  settings: once(() => import('./Settings.svelte')),
  help: once(() => import('../components/HelpOverlay.svelte')),
} satisfies Record<string, () => Promise<Component<never>>>;
