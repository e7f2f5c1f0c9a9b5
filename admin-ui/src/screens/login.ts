// Login screen: email-or-username + password -> `login` mutation -> `me` query.
import { GraphQLRequestError, request } from '../gql/client';
import { LOGIN, ME } from '../gql/operations';
import { isStaff, setSession, clearSession } from '../auth/session';
import { h } from '../dom';

/** Client-side code shown when a signed-in user lacks a staff role. */
export const ROLE_NOT_ALLOWED = 'ROLE_NOT_ALLOWED';
export const ROLE_NOT_ALLOWED_MESSAGE = 'This console is for moderators and administrators.';

export interface LoginScreenProps {
  onSignedIn: () => void;
}

export function loginScreen({ onSignedIn }: LoginScreenProps): HTMLElement {
  const loginInput = h('input', {
    id: 'login',
    name: 'login',
    type: 'text',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
  });
  const passwordInput = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const status = h('p', { class: 'form-error', role: 'alert', 'aria-live': 'assertive', hidden: true });

  const showError = (message: string, code: string | undefined): void => {
    status.textContent = message;
    if (code) status.dataset.errorCode = code;
    else delete status.dataset.errorCode;
    status.hidden = false;
  };
  const clearError = (): void => {
    status.textContent = '';
    delete status.dataset.errorCode;
    status.hidden = true;
  };

  const form = h(
    'form',
    { class: 'card login-form', 'aria-labelledby': 'login-heading', novalidate: false },
    h('h2', { id: 'login-heading' }, 'Sign in'),
    h('label', { for: 'login' }, 'Email or username'),
    loginInput,
    h('label', { for: 'password' }, 'Password'),
    passwordInput,
    status,
    submit,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      clearError();
      submit.disabled = true;
      form.setAttribute('aria-busy', 'true');
      try {
        const { login } = await request(LOGIN, {
          login: loginInput.value.trim(),
          password: passwordInput.value,
        });
        const { me } = await request(ME, {}, { token: login.accessToken });
        if (!me) {
          clearSession();
          showError('The server did not return the signed-in user.', 'NO_VIEWER');
          return;
        }
        if (!isStaff(me.role)) {
          clearSession();
          showError(ROLE_NOT_ALLOWED_MESSAGE, ROLE_NOT_ALLOWED);
          return;
        }
        setSession({ accessToken: login.accessToken, refreshToken: login.refreshToken, viewer: me });
        passwordInput.value = '';
        onSignedIn();
      } catch (err) {
        clearSession();
        if (err instanceof GraphQLRequestError) showError(err.message, err.code);
        else showError(String(err), undefined);
      } finally {
        submit.disabled = false;
        form.removeAttribute('aria-busy');
      }
    })();
  });

  queueMicrotask(() => loginInput.focus());
  return form;
}
