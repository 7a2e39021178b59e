// EN | FR segmented switch. Changing the language re-renders the app (main.ts listens).
import { h } from '../dom';
import { getLang, LANGS, setLang, t } from '../i18n';

export function languageSwitch(tone: 'dark' | 'light' = 'dark'): HTMLElement {
  const buttons = LANGS.map((lang) => {
    const button = h('button', {
      type: 'button',
      class: 'segment',
      lang,
      'aria-pressed': String(lang === getLang()),
      title: t(`lang.${lang}`),
      'data-testid': `lang-${lang}`,
    }, lang.toUpperCase());
    button.addEventListener('click', () => setLang(lang));
    return button;
  });
  const cls = tone === 'dark' ? 'segmented segmented-dark' : 'segmented';
  return h('div', { class: cls, role: 'group', 'aria-label': t('lang.label') }, ...buttons);
}
