// The console's frame: header (language, who is signed in, sign out), section navigation,
// and the screen. Signed-out visitors are sent to sign-in, remembering where they were.
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { clearSession } from '../auth/session';
import { useSession } from '../auth/useSession';
import { call } from '../gql/api';
import { LOGOUT } from '../gql/operations';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

const SECTIONS = [
  { to: '/', key: 'nav.dashboard', end: true },
  { to: '/moderation', key: 'nav.moderation', end: true },
  { to: '/moderation/log', key: 'nav.moderationLog', end: false },
  { to: '/threads', key: 'nav.threads', end: false },
  { to: '/users', key: 'nav.users', end: false },
  { to: '/courses', key: 'nav.courses', end: false },
  { to: '/rewards', key: 'nav.rewards', end: false },
  { to: '/recommendations', key: 'nav.recommendations', end: false },
  { to: '/experiments', key: 'nav.experiments', end: false },
] as const;

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span>{t('app.language')}</span>
      <select
        value={i18n.language}
        onChange={(e) => setLanguage(e.target.value as Language)}
        data-testid="language"
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SignedOutFrame({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="topbar">
        <h1>{t('app.title')}</h1>
        <LanguageSwitch />
      </header>
      <main id="main" className="narrow">
        {children}
      </main>
    </>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (!session) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  const { viewer } = session;
  const signOut = async () => {
    // The server ends the session; sign out locally even if it cannot be reached.
    await call(LOGOUT, {}).catch(() => undefined);
    clearSession('signedOut');
  };
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <h1>{t('app.title')}</h1>
        <LanguageSwitch />
        <p className="signed-in" data-user-id={viewer.id} data-role={viewer.role}>
          {t('app.signedInAs', { username: viewer.username, role: t(`roles.${viewer.role}`) })}
        </p>
        <a href="/graphql" target="_blank" rel="noopener">
          {t('app.graphiql')}
        </a>
        <button type="button" onClick={signOut}>
          {t('app.signOut')}
        </button>
      </header>
      <div className="frame">
        <nav className="sections" aria-label={t('nav.label')}>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.to}>
                <NavLink to={s.to} end={s.end}>
                  {t(s.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </>
  );
}
