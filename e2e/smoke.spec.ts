import { request as playwrightRequest } from '@playwright/test';
import { expect, test } from './fixtures';
import { storageStateFor, users } from './support/users';

test('an operator logs in, lands on the overview and logs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Username').fill(users.operator.username);
  await page.getByLabel('Password').fill(users.operator.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText('otto (operator)');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Alerts' })).toHaveAttribute('href', '/alerts');
  await expect(nav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Log out everywhere' })).toBeVisible();
  await expect(page.getByTestId('cluster-status')).toContainText('Reachable, 3 broker(s)');

  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test.describe('an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('has the audit trail in the header beside the alerts', async ({ page }) => {
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Alerts' })).toBeVisible();
    await nav.getByRole('link', { name: 'Audit' }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
  });
});

test('a wrong password shows an error and no session', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Username').fill(users.operator.username);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  // Next.js has an empty route announcer with the alert role too: pick ours by its text.
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong username or password.' })).toBeVisible();
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain('dlqdesk_session');
});

test('a deep link survives the login', async ({ page }) => {
  await page.goto('/?shared=incident-42');
  await expect(page).toHaveURL(/\/login\?next=%2F%3Fshared%3Dincident-42$/);
  await page.getByLabel('Username').fill(users.viewer.username);
  await page.getByLabel('Password').fill(users.viewer.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/\?shared=incident-42$/);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
});

test('the API answers 401 without a session and refuses cross-origin mutations', async ({ baseURL }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const unauthenticated = await anonymous.get('/api/auth/session');
  expect(unauthenticated.status()).toBe(401);
  expect(await unauthenticated.json()).toEqual({ error: 'login required' });

  const login = await anonymous.get('/login');
  const csp = login.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(login.headers()['x-content-type-options']).toBe('nosniff');

  const health = await anonymous.get('/api/health');
  expect(health.status()).toBe(200);
  const body = await health.json();
  expect(body).toEqual({ status: 'ok', kafka: { reachable: true, brokers: 3 }, version: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost/);
  await anonymous.dispose();

  const operator = await playwrightRequest.newContext({ baseURL });
  const loggedIn = await operator.post('/api/auth/login', {
    data: { username: users.operator.username, password: users.operator.password },
    headers: { origin: baseURL! },
  });
  expect(loggedIn.status()).toBe(200);
  const crossOrigin = await operator.post('/api/auth/logout', {
    headers: { origin: 'https://evil.example' },
  });
  expect(crossOrigin.status()).toBe(403);
  expect((await operator.get('/api/auth/session')).status()).toBe(200);
  const sameOrigin = await operator.post('/api/auth/logout', { headers: { origin: baseURL! } });
  expect(sameOrigin.status()).toBe(204);
  await operator.dispose();
});
