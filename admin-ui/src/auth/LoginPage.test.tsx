import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { mockGraphql, renderAt } from '../testing';
import { LoginPage } from './LoginPage';
import { clearSession, getSession } from './session';

function loginAs(role: string) {
  return mockGraphql(({ operation }) =>
    operation === 'AdminLogin'
      ? { data: { login: { accessToken: 'a', refreshToken: 'r', user: { id: '1', username: 'u', role } } } }
      : { data: { me: { id: '1', username: 'u', displayName: 'U', role } } },
  );
}

function submit() {
  fireEvent.change(screen.getByLabelText('Email or username'), { target: { value: ' u ' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

const routes = [
  { path: '/login', element: <LoginPage /> },
  { path: '/users', element: <p>users screen</p> },
];

describe('LoginPage', () => {
  beforeAll(() => i18n.changeLanguage('en'));
  afterEach(() => clearSession());

  it('refuses a learner with a clear message and keeps them signed out', async () => {
    loginAs('LEARNER');
    renderAt('/login', routes);
    submit();
    const alert = await screen.findByText('This console is for moderators and administrators.');
    expect(alert.dataset.errorCode).toBe('ROLE_NOT_ALLOWED');
    expect(getSession()).toBeNull();
  });

  it('signs a moderator in and returns to the screen they were on', async () => {
    const sent = loginAs('MODERATOR');
    const { router } = renderAt('/login', routes);
    await router.navigate('/login', { state: { from: '/users' } });
    submit();
    await screen.findByText('users screen');
    expect(getSession()?.viewer.role).toBe('MODERATOR');
    expect(sent[0].variables).toEqual({ login: 'u', password: 'pw' });
    expect(sent[1].auth).toBe('Bearer a');
  });

  it('shows an API refusal in the chosen language', async () => {
    await i18n.changeLanguage('zh-CN');
    mockGraphql(() => ({ errors: [{ message: 'bad password', extensions: { code: 'UNAUTHENTICATED' } }] }));
    renderAt('/login', routes);
    fireEvent.change(screen.getByLabelText('邮箱或用户名'), { target: { value: 'u' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    const notice = await screen.findByRole('alert');
    await waitFor(() => expect(notice.dataset.errorCode).toBe('UNAUTHENTICATED'));
    expect(notice.textContent).toContain('你已退出登录');
    await i18n.changeLanguage('en');
  });
});
