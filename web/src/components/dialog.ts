// Modal dialog (native <dialog>) for confirmations and small forms. The confirm action may be
// asynchronous: while it runs the buttons are disabled; if it throws, the problem is shown in the
// dialog, which stays open so the person can correct and retry.
//   const done = await openDialog({ title, body: [text], confirmLabel: t('x'), danger: true,
//                                   onConfirm: () => accessApi.revokeToken(id) });
import { h } from '../dom';
import { t } from '../i18n';
import { createFormErrors } from './form';

export interface DialogOptions {
  title: string;
  body: (Node | string)[];
  confirmLabel: string;
  danger?: boolean;
  testId?: string;
  /** Runs on confirm; throwing keeps the dialog open and shows the problem. */
  onConfirm?: () => Promise<unknown> | unknown;
}

let dialogCount = 0;

/** Resolves true when confirmed (and onConfirm succeeded), false when cancelled. */
export function openDialog(options: DialogOptions): Promise<boolean> {
  const titleId = `dialog-title-${++dialogCount}`;
  const confirm = h('button', {
    type: 'submit',
    class: `button ${options.danger ? 'button-danger' : 'button-primary'}`,
    'data-testid': 'dialog-confirm',
  }, options.confirmLabel);
  const cancel = h('button', { type: 'button', class: 'button', 'data-testid': 'dialog-cancel' }, t('common.cancel'));
  const form = h('form', { method: 'dialog', class: 'dialog-form' },
    h('h2', { id: titleId, class: 'dialog-title' }, options.title),
    h('div', { class: 'dialog-body' }, ...options.body));
  const errors = createFormErrors(form);
  form.append(errors.alert, h('div', { class: 'dialog-actions' }, cancel, confirm));
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'data-testid': options.testId ?? 'dialog' }, form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    let result = false;
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      errors.clear();
      confirm.disabled = true;
      cancel.disabled = true;
      try {
        await options.onConfirm?.();
        result = true;
        dialog.close();
      } catch (error) {
        errors.show(error);
      } finally {
        confirm.disabled = false;
        cancel.disabled = false;
      }
    });
    dialog.showModal();
  });
}
