// Accessible combobox with asynchronous suggestions (WAI-ARIA combobox pattern). Used for the
// organization and place filters, where lists are too long for a select. The committed value
// (e.g. a p-code) can differ from the text shown (the place name).
import { debounce, h } from '../dom';
import { t } from '../i18n';

export interface Suggestion {
  value: string;
  label: string;
  detail?: string;
}

export interface AutocompleteOptions {
  id: string;
  testId: string;
  placeholder: string;
  /** The field's visible label, used to name the clear button. */
  fieldLabel: string;
  search(text: string, signal: AbortSignal): Promise<Suggestion[]>;
  /** Value to commit when the person confirms typed text without picking a suggestion. */
  freeText(text: string, suggestions: Suggestion[]): string | null;
  onCommit(value: string, suggestion: Suggestion | null): void;
}

export interface Autocomplete {
  element: HTMLElement;
  input: HTMLInputElement;
  set(value: string, label: string): void;
}

const MAX_SUGGESTIONS = 20;
const MIN_CHARS = 2;

export function createAutocomplete(options: AutocompleteOptions): Autocomplete {
  const listId = `${options.id}-list`;
  const input = h('input', {
    id: options.id,
    type: 'text',
    class: 'input',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    placeholder: options.placeholder,
    'data-testid': options.testId,
  });
  const list = h('ul', { id: listId, class: 'combo-list', role: 'listbox', hidden: true });
  const clearButton = h(
    'button',
    {
      type: 'button',
      class: 'combo-clear',
      hidden: true,
      'aria-label': t('filters.clearField', { field: options.fieldLabel }),
      title: t('filters.clearField', { field: options.fieldLabel }),
    },
    '×',
  );
  const element = h('div', { class: 'combo' }, input, clearButton, list);

  let committedValue = '';
  let committedLabel = '';
  let suggestions: Suggestion[] = [];
  let active = -1;
  let controller: AbortController | null = null;

  function open(isOpen: boolean) {
    list.hidden = !isOpen;
    input.setAttribute('aria-expanded', String(isOpen));
    if (!isOpen) input.removeAttribute('aria-activedescendant');
  }

  function renderList(message?: string) {
    list.replaceChildren();
    if (message) {
      list.append(h('li', { class: 'combo-message', 'aria-disabled': 'true' }, message));
    }
    suggestions.forEach((suggestion, index) => {
      const item = h(
        'li',
        { id: `${listId}-${index}`, role: 'option', 'aria-selected': String(index === active) },
        h('span', { class: 'combo-label' }, suggestion.label),
        suggestion.detail ? h('span', { class: 'combo-detail' }, suggestion.detail) : null,
      );
      item.addEventListener('mousedown', (event) => event.preventDefault());
      item.addEventListener('click', () => choose(suggestion));
      list.append(item);
    });
    if (active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
    open(document.activeElement === input);
  }

  const runSearch = debounce(async (text: string) => {
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    try {
      const found = await options.search(text, signal);
      if (signal.aborted) return;
      suggestions = found.slice(0, MAX_SUGGESTIONS);
      active = -1;
      renderList(suggestions.length ? undefined : t('filters.noMatches'));
    } catch {
      if (signal.aborted) return;
      suggestions = [];
      renderList(t('filters.noMatches'));
    }
  }, 200);

  function showCommitted() {
    input.value = committedLabel;
    clearButton.hidden = committedValue === '';
  }

  function commit(value: string, label: string, suggestion: Suggestion | null) {
    runSearch.cancel();
    controller?.abort();
    open(false);
    const changed = value !== committedValue;
    committedValue = value;
    committedLabel = label;
    showCommitted();
    if (changed) options.onCommit(value, suggestion);
  }

  function choose(suggestion: Suggestion) {
    commit(suggestion.value, suggestion.label, suggestion);
  }

  function commitTyped() {
    const text = input.value.trim();
    if (text === committedLabel) return showCommitted();
    if (text === '') return commit('', '', null);
    const value = options.freeText(text, suggestions);
    if (value === null) return showCommitted();
    const match = suggestions.find((suggestion) => suggestion.value === value);
    commit(value, match ? match.label : text, match ?? null);
  }

  input.addEventListener('input', () => {
    clearButton.hidden = input.value === '' && committedValue === '';
    // Registry lists are not paginated by every server: one letter could fetch thousands.
    if (input.value.trim().length < MIN_CHARS) {
      suggestions = [];
      open(false);
      return;
    }
    renderList(t('filters.searching'));
    runSearch(input.value.trim());
  });
  input.addEventListener('keydown', (event) => {
    const count = suggestions.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!count) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      active = (active + step + count) % count;
      renderList();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!list.hidden && active >= 0 && suggestions[active]) choose(suggestions[active]);
      else commitTyped();
    } else if (event.key === 'Escape') {
      if (!list.hidden) open(false);
      else showCommitted();
    }
  });
  input.addEventListener('blur', () => {
    open(false);
    commitTyped();
  });
  input.addEventListener('focus', () => {
    if (input.value.trim().length >= MIN_CHARS && suggestions.length) renderList();
  });
  clearButton.addEventListener('click', () => {
    commit('', '', null);
    input.focus();
  });

  return {
    element,
    input,
    set(value: string, label: string) {
      committedValue = value;
      committedLabel = label;
      suggestions = [];
      open(false);
      showCommitted();
    },
  };
}
