// The e2e server's users (e2e/support/server.ts hashes these passwords at start-up).
export const users = {
  viewer: { username: 'vera', password: 'viewer-password-1' },
  operator: { username: 'otto', password: 'operator-password-1' },
  admin: { username: 'ada', password: 'admin-password-1' },
} as const;

export type E2eRole = keyof typeof users;

export const storageStateFor = (role: E2eRole) => `e2e/.auth/${role}.json`;
