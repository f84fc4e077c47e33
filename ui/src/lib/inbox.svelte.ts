// Inbox view state kept across navigation (tab, search text, scroll position) and requests between the top-bar
// search field and the list.
import type { InboxTab } from './types';

export const inboxView = $state({
  tab: 'to_accept' as InboxTab,
  text: '',
  scrollTop: 0,
  active: -1,
  /** Bumped by the "/" shortcut; the search field focuses itself when it changes. */
  focusSearch: 0,
  /** Bumped by Enter / ArrowDown in the search field; the list takes focus (and opens a single hit on Enter). */
  focusList: 0,
  openSingle: false,
});

export function requestSearchFocus(): void {
  inboxView.focusSearch++;
}
