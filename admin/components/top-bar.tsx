/**
 * AdminJS's own top bar, whose language selector now stores the choice on the user's account: every
 * language change of the panel's i18next is sent to /admin/language (the session and admin_users follow),
 * so the next sign-in on any browser opens in it. The panel starts in the account's language (admin/panel.ts).
 */
import React, { useEffect, useRef } from 'react';
import { OriginalTopBar, useNotice, useTranslation } from 'adminjs';

type TopBarProps = React.ComponentProps<typeof OriginalTopBar>;

export default function TopBar(props: TopBarProps) {
  const { i18n } = useTranslation();
  const addNotice = useNotice();
  const stored = useRef(i18n.language);
  useEffect(() => {
    const store = async (language: string) => {
      if (language === stored.current) return;
      const response = await fetch('/admin/language', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language }), credentials: 'same-origin' });
      if (response.ok) stored.current = language;
      else addNotice({ type: 'error', message: `The language was not saved (${response.status}): ${(await response.json().catch(() => ({}))).error ?? response.statusText}` });
    };
    const onChange = (language: string) => void store(language);
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, [i18n, addNotice]);
  return <OriginalTopBar {...props} />;
}
