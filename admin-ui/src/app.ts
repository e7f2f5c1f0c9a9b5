// Top-level screen switching for the admin console.
import { clearSession, getSession } from './auth/session';
import { mount } from './dom';
import { homeScreen } from './screens/home';
import { loginScreen } from './screens/login';

export function startApp(root: HTMLElement): void {
  const render = (): void => {
    const session = getSession();
    if (session) {
      mount(
        root,
        homeScreen({
          session,
          onSignOut: () => {
            clearSession();
            render();
          },
        }),
      );
    } else {
      mount(root, loginScreen({ onSignedIn: render }));
    }
  };
  render();
}
