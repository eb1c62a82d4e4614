// The few DOM shapes the page script uses. The project compiles without the DOM library (adding
// it to one file would add `window`, `parent`, `name`... to every file of the project), so the
// script declares `document` with these types, module-locally.

/** An element as the page script touches it. */
export interface PageElement {
  innerHTML: string;
  textContent: string | null;
  className: string;
  readonly tagName: string;
  disabled?: boolean;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  closest(selector: string): PageElement | null;
  prepend(node: PageElement): void;
}

/** A DOM event as the page script reads it. */
export interface PageEvent {
  readonly target: PageElement | null;
  preventDefault(): void;
}

/** The document as the page script uses it. */
export interface PageDocument {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  createElement(tag: string): PageElement;
  addEventListener(type: 'submit', listener: (event: PageEvent) => void): void;
}
