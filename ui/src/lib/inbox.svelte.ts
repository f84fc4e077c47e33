// Inbox view state kept across navigation (tab, search text, scroll position) and requests between the top-bar
// search field and the list.
import type { InboxPage, InboxQuery, InboxTab } from './types';

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

/** Rows the inbox asks for per request. */
export const INBOX_PAGE_SIZE = 100;

/** The query for the inbox's first page as the inbox will show it next (its tab and search text). */
export function firstPageQuery(): InboxQuery {
  return { tab: inboxView.tab, text: inboxView.text, offset: 0, limit: INBOX_PAGE_SIZE };
}

// A first page that came with the sign-in answer, waiting for the inbox screen (not reactive: read once).
let handedOver: { query: InboxQuery; page: InboxPage } | null = null;

/** Keep a first page fetched along with another call (sign-in) for the inbox screen about to open. */
export function handOverFirstPage(query: InboxQuery, page: InboxPage): void {
  handedOver = { query, page };
}

/**
 * The handed-over first page if it answers exactly `query`; taken once, so any later load asks the backend.
 * A page for another tab or search text is dropped.
 */
export function takeFirstPage(query: InboxQuery): InboxPage | null {
  const h = handedOver;
  handedOver = null;
  if (!h) return null;
  const q = h.query;
  const same =
    q.tab === query.tab && q.text === query.text && q.offset === query.offset && q.limit === query.limit;
  return same ? h.page : null;
}
