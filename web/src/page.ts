// What the router needs from a page: its element, a way to follow URL changes that stay on the
// same page (back/forward through filters), and cleanup.
export interface PageInstance {
  element: HTMLElement;
  /** Document title for the page, in the current language. */
  title: string;
  /** Called when the URL's query string changed while staying on this page. */
  update?(): void;
  destroy(): void;
}
