// Evaluated before the rest of the script (main.ts imports it first). The app info — staff list, session, locale —
// came with the page when the backend opened the window; failing that (a page loaded again later), it is asked
// for now, so the backend answers while the UI's code is still being evaluated. `bootstrap` (lib/state.svelte.ts)
// takes it.

import { api, takeInjectedAppInfo } from './lib/ipc';
import type { AppInfo } from './lib/types';

const injected = takeInjectedAppInfo();

export const appInfoRequest: Promise<AppInfo> = injected ? Promise.resolve(injected) : api.appInfo();
// Handled by `bootstrap`; this only keeps an early failure from counting as unhandled.
appInfoRequest.catch(() => undefined);
