// Signed-in landing screen. Will grow into the full admin console.
import type { Session } from '../auth/session';
import { h } from '../dom';

export interface HomeScreenProps {
  session: Session;
  onSignOut: () => void;
}

export function homeScreen({ session, onSignOut }: HomeScreenProps): HTMLElement {
  const { viewer } = session;
  const signOut = h('button', { type: 'button', class: 'secondary' }, 'Sign out');
  signOut.addEventListener('click', onSignOut);

  return h(
    'section',
    { class: 'card home', 'data-user-id': viewer.id, 'data-role': viewer.role },
    h('p', { class: 'signed-in' }, `Signed in as ${viewer.username} (${viewer.role})`),
    viewer.displayName ? h('p', { class: 'muted' }, viewer.displayName) : null,
    h(
      'p',
      {},
      'Explore the API in the ',
      h('a', { href: '/graphql', target: '_blank', rel: 'noopener' }, 'GraphQL IDE'),
      '. Paste the header ',
      h('code', {}, 'Authorization: Bearer <token>'),
      ' to act as yourself.',
    ),
    signOut,
  );
}
