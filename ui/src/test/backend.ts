// Test helper: answer invoke() calls from a table of fake command handlers.
// Each test file must itself vi.mock('@tauri-apps/api/core') (and '@tauri-apps/api/event' if it renders the App).
import { vi } from 'vitest';
import { invoke, isTauri } from '@tauri-apps/api/core';

export type Handler = (args: Record<string, unknown> | undefined) => unknown;

/** Route invoke(cmd, args) to handlers[cmd]; a handler that throws rejects the invoke with what it threw. */
export function mockBackend(handlers: Record<string, Handler>): void {
  vi.mocked(isTauri).mockReturnValue(true);
  vi.mocked(invoke).mockImplementation(async (cmd: string, args?: unknown) => {
    const handler = handlers[cmd];
    if (!handler) throw { code: 'no_mock', message: `no mock for ${cmd}` };
    return handler(args as Record<string, unknown> | undefined);
  });
}

/** The arguments of every invoke of `cmd` so far. */
export function callsOf(cmd: string): unknown[] {
  return vi
    .mocked(invoke)
    .mock.calls.filter((c) => c[0] === cmd)
    .map((c) => c[1]);
}
