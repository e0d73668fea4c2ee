import fs from 'node:fs';
import { expect, test as setup } from '@playwright/test';
import { storageStateFor, users, type E2eRole } from './support/users';

// Log in once per role through the real login form and keep the session for the specs.
for (const role of Object.keys(users) as E2eRole[]) {
  setup(`log in as ${role}`, async ({ page }) => {
    const { username, password } = users[role];
    await page.goto('/login');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByTestId('current-user')).toContainText(username);
    fs.mkdirSync('e2e/.auth', { recursive: true });
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
