// Sign-in page, shown whenever the API answers 401. After signing in, the app returns to `next`
// (the page the person was on). Throttling (429 + Retry-After) counts down before allowing a
// retry; a locked account says so rather than repeating "wrong password".
import { ApiError } from '../api';
import { createFormErrors } from '../components/form';
import { h } from '../dom';
import { t } from '../i18n';
import type { PageInstance } from '../page';
import { signIn } from '../session';

export interface SignInOptions {
  /** Where the person was going; shown as a hint when they were sent here from a page. */
  next: string;
  onSignedIn(): void;
}

export function signInPage(options: SignInOptions): PageInstance {
  const username = h('input', {
    id: 'sign-in-username', class: 'input', name: 'username', autocomplete: 'username',
    required: true, autocapitalize: 'none', spellcheck: 'false', 'data-testid': 'sign-in-username',
  });
  const password = h('input', {
    id: 'sign-in-password', class: 'input', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true, 'data-testid': 'sign-in-password',
  });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide', 'data-testid': 'sign-in-submit' }, t('signIn.submit'));
  const form = h('form', { class: 'sign-in-form', 'aria-labelledby': 'sign-in-title', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: username.id }, t('signIn.username')), username),
    h('div', { class: 'field' }, h('label', { for: password.id }, t('signIn.password')), password));
  const errors = createFormErrors(form);
  errors.alert.dataset.testid = 'sign-in-error';
  form.append(errors.alert, submit);

  let countdown: ReturnType<typeof setInterval> | undefined;
  function throttle(seconds: number) {
    clearInterval(countdown);
    let left = Math.max(1, seconds);
    const tick = () => {
      errors.message(t('signIn.error.throttled', { seconds: left }));
      errors.alert.dataset.retryAfter = String(left);
      submit.disabled = left > 0;
      if (left-- <= 0) {
        clearInterval(countdown);
        errors.message(t('signIn.error.throttledDone'));
      }
    };
    tick();
    countdown = setInterval(tick, 1000);
  }

  function explain(error: unknown) {
    if (!(error instanceof ApiError)) return errors.message(t('error.unknown'));
    if (error.status === 401) return errors.message(t('signIn.error.credentials'));
    if (error.status === 429) return throttle(error.retryAfter ?? 60);
    if (error.status === 403 && error.is('account-locked')) {
      return errors.message(`${t('signIn.error.locked')} ${error.problem.detail ?? ''}`.trim());
    }
    errors.show(error);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (!username.value.trim() || !password.value) {
      errors.message(t('signIn.error.missing'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    try {
      await signIn(username.value.trim(), password.value);
      clearInterval(countdown);
      options.onSignedIn();
    } catch (error) {
      explain(error);
      password.value = '';
      password.focus();
      if (!(error instanceof ApiError && error.status === 429)) submit.disabled = false;
    }
  });

  const returning = options.next !== '/' && options.next !== '';
  const element = h(
    'div',
    { class: 'page page-sign-in', 'data-testid': 'page-sign-in' },
    h('section', { class: 'card sign-in-card' },
      h('h1', { id: 'sign-in-title', class: 'page-title' }, t('signIn.title')),
      h('p', { class: 'muted' }, returning ? t('signIn.subtitleReturn') : t('signIn.subtitle')),
      form,
      h('p', { class: 'sign-in-note muted small' }, t('signIn.note'))),
  );
  queueMicrotask(() => username.focus());

  return {
    element,
    title: t('signIn.title'),
    destroy() {
      clearInterval(countdown);
    },
  };
}
