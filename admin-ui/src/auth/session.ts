// Session state for the admin console. Tokens live in memory only: a reload signs out.
import type { UserRole, Viewer } from '../gql/operations';

export interface Session {
  accessToken: string;
  refreshToken: string;
  viewer: Viewer;
}

let current: Session | null = null;

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session): void {
  current = session;
}

export function clearSession(): void {
  current = null;
}

/** Roles allowed to use the admin console. */
export const STAFF_ROLES: readonly UserRole[] = ['MODERATOR', 'ADMIN'];

export function isStaff(role: UserRole): boolean {
  return STAFF_ROLES.includes(role);
}
