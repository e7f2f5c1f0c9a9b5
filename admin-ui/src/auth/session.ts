// Session state for the admin console: the tokens and the signed-in staff member.
// Kept in sessionStorage so a reload keeps this tab signed in; closing the tab signs out.
import type { UserRole, Viewer } from '../gql/operations';

export interface Session {
  accessToken: string;
  refreshToken: string;
  viewer: NonNullable<Viewer>;
}

const STORAGE_KEY = 'lyceum.admin.session';
type Listener = (session: Session | null) => void;

let current: Session | null = load();
const listeners = new Set<Listener>();

function load(): Session | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  try {
    if (session) globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(session));
    else globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  } catch {
    // Storage may be unavailable (private mode); the session still lives in memory.
  }
  for (const listener of listeners) listener(session);
}

/** Why the last session ended, for the sign-in screen to explain. */
export type EndReason = 'signedOut' | 'expired';
let endReason: EndReason | null = null;

export function clearSession(reason: EndReason = 'signedOut'): void {
  endReason = reason;
  setSession(null);
}

export function lastEndReason(): EndReason | null {
  return endReason;
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Roles allowed to use the admin console. */
export const STAFF_ROLES: readonly UserRole[] = ['MODERATOR', 'ADMIN'];

export function isStaff(role: UserRole): boolean {
  return STAFF_ROLES.includes(role);
}
