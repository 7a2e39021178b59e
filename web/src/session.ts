// Who is signed in. The server keeps the session in an HttpOnly cookie; this module keeps the user
// and the CSRF token in memory (never in storage) and fetches them again on each page load.
//   await loadSession();           // null when not signed in
//   if (hasRole('admin')) ...
import { accessApi, type Session, type User } from './access-api';
import { ApiError, setCsrfToken } from './api';

let current: User | null = null;
const listeners = new Set<(user: User | null) => void>();

function adopt(session: Session | null): User | null {
  current = session?.user ?? null;
  setCsrfToken(session?.csrf_token ?? '', refresh);
  for (const listener of listeners) listener(current);
  return current;
}

async function refresh(): Promise<boolean> {
  try {
    adopt(await accessApi.session());
    return true;
  } catch {
    return false;
  }
}

export function currentUser(): User | null {
  return current;
}

export function hasRole(...roles: string[]): boolean {
  return current !== null && roles.some((role) => current?.roles.includes(role));
}

/** Asks the server who the cookie belongs to; null when nobody is signed in. */
export async function loadSession(): Promise<User | null> {
  try {
    return adopt(await accessApi.session());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return adopt(null);
    throw error;
  }
}

export async function signIn(username: string, password: string): Promise<User | null> {
  return adopt(await accessApi.signIn(username, password));
}

export async function signOut(): Promise<void> {
  try {
    await accessApi.signOut();
  } finally {
    adopt(null);
  }
}

/** Forgets the user locally (the server already said the session is gone). */
export function forgetSession(): void {
  if (current) adopt(null);
}

export function onSessionChange(listener: (user: User | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
