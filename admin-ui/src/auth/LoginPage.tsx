// Sign-in: login → me; only MODERATOR and ADMIN get in. Afterwards the user returns to the
// screen they were on (a deep link, or where an expired session left them).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ErrorNotice } from '../components/ErrorNotice';
import { GraphQLRequestError, request } from '../gql/client';
import { LOGIN, ME } from '../gql/operations';
import { isStaff, lastEndReason, setSession } from './session';
import { useSession } from './useSession';

/** Client-side code shown when a signed-in user lacks a staff role. */
export const ROLE_NOT_ALLOWED = 'ROLE_NOT_ALLOWED';

export interface ReturnState {
  from?: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as ReturnState | null)?.from ?? '/';
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState(false);

  if (session) return <Navigate to={from} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setRefused(false);
    try {
      const { login: auth } = await request(LOGIN, { login: login.trim(), password });
      const { me } = await request(ME, {}, { token: auth.accessToken });
      if (!isStaff(me.role)) {
        setRefused(true);
        return;
      }
      setSession({ accessToken: auth.accessToken, refreshToken: auth.refreshToken, viewer: me });
      navigate(from, { replace: true });
    } catch (err) {
      setError(err instanceof GraphQLRequestError ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card login-form" aria-labelledby="login-heading" onSubmit={submit} aria-busy={busy}>
      <h2 id="login-heading">{t('login.heading')}</h2>
      {lastEndReason() === 'expired' && (
        <p className="notice" role="status" data-testid="session-expired">
          {t('login.expired')}
        </p>
      )}
      <label htmlFor="login">{t('login.login')}</label>
      <input
        id="login"
        name="login"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        value={login}
        onChange={(e) => setLogin(e.target.value)}
      />
      <label htmlFor="password">{t('login.password')}</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {refused && (
        <p className="form-error" role="alert" data-error-code={ROLE_NOT_ALLOWED}>
          {t('login.roleNotAllowed')}
        </p>
      )}
      {error != null && <ErrorNotice error={error} />}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('login.busy') : t('login.submit')}
      </button>
    </form>
  );
}
