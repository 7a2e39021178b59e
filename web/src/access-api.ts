// Typed calls for identity and access: the session, user accounts, API tokens, the Humanitarian
// Coordinator's releases and the audit log. Transport, CSRF and 401 handling live in api.ts.
import { apiGet, apiSend, type Query } from './api';

export const ROLES = ['admin', 'planner', 'analyst', 'viewer', 'srsg', 'hc', 'force', 'police', 'joc', 'jmac'] as const;
export type Role = (typeof ROLES)[number];

/** Compartments the server's policy gives a meaning to; others can be granted by name. */
export const KNOWN_COMPARTMENTS = ['humanitarian', 'protection', 'security'] as const;
/** Only users of humanitarian organizations may hold these (others need an HC release). */
export const HUMANITARIAN_ONLY_COMPARTMENTS: readonly string[] = ['humanitarian', 'protection'];

export interface UserOrg {
  id: number;
  name: string;
  acronym?: string;
  humanitarian?: boolean;
}

export interface User {
  id: number;
  username: string;
  display_name: string;
  org: UserOrg;
  roles: string[];
  compartments: string[];
}

export interface Session {
  user: User;
  csrf_token: string;
}

export interface UserAccount extends User {
  disabled: boolean;
  locked_until: string | null;
  created_at: string;
  last_login_at: string | null;
}

export interface NewUser {
  username: string;
  display_name: string;
  org: number;
  roles: string[];
  compartments: string[];
  password: string;
}

export type UserPatch = Partial<Pick<UserAccount, 'display_name' | 'roles' | 'compartments' | 'disabled'>>;

export interface UserRef {
  id: number;
  username: string;
}

export interface ApiToken {
  id: number;
  name: string;
  user: UserRef;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedToken {
  id: number;
  name: string;
  token: string;
}

export type ReleaseLevel = 'aggregate' | 'full';

export interface Release {
  id: number;
  compartment: string;
  sector: string | null;
  place: string | null;
  from: string | null;
  to: string | null;
  recipient_orgs: { id: number; name: string }[];
  recipient_roles: string[];
  level: ReleaseLevel;
  reason: string;
  expires_at: string;
  created_at: string;
  created_by: UserRef;
  revoked_at: string | null;
  revoked_by: UserRef | null;
  active: boolean;
}

export interface NewRelease {
  compartment: string;
  sector?: string;
  place?: string;
  from?: string;
  to?: string;
  recipient_orgs: number[];
  recipient_roles: string[];
  level: ReleaseLevel;
  reason: string;
  expires_at: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  user: UserRef | null;
  org_id: number | null;
  action: string;
  endpoint: string;
  detail: Record<string, unknown> | null;
  hash: string;
}

export interface AuditPage {
  items: AuditEntry[];
  next_cursor: string | null;
}

export const AUDIT_ACTIONS = [
  'login', 'login-failed', 'logout', 'read', 'read-aggregate', 'create', 'update', 'delete',
  'import', 'export', 'release', 'revoke', 'user-add', 'user-update', 'password-reset',
  'token-create', 'token-revoke',
] as const;

interface Items<T> {
  items: T[];
}

export const accessApi = {
  session: () => apiGet<Session>('/api/v1/session'),
  signIn: (username: string, password: string) =>
    apiSend<Session>('POST', '/api/v1/session', { username, password }),
  signOut: () => apiSend('DELETE', '/api/v1/session'),

  users: () => apiGet<Items<UserAccount>>('/api/v1/users'),
  addUser: (user: NewUser) => apiSend<UserAccount>('POST', '/api/v1/users', user),
  updateUser: (id: number, patch: UserPatch) => apiSend<UserAccount>('PATCH', `/api/v1/users/${id}`, patch),
  resetPassword: (id: number, password: string) => apiSend('POST', `/api/v1/users/${id}/password`, { password }),

  tokens: () => apiGet<Items<ApiToken>>('/api/v1/tokens'),
  createToken: (name: string) => apiSend<CreatedToken>('POST', '/api/v1/tokens', { name }),
  revokeToken: (id: number) => apiSend('DELETE', `/api/v1/tokens/${id}`),

  releases: () => apiGet<Items<Release>>('/api/v1/releases'),
  createRelease: (release: NewRelease) => apiSend<Release>('POST', '/api/v1/releases', release),
  revokeRelease: (id: number) => apiSend('DELETE', `/api/v1/releases/${id}`),

  audit: (query: Query, signal?: AbortSignal) => apiGet<AuditPage>('/api/v1/audit', query, signal),
};
