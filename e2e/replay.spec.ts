import type { Page, TestInfo } from '@playwright/test';
import { formatCount } from '../lib/ui/format';
import { expect, test } from './fixtures';
import { storageStateFor } from './support/users';

// Replay from the triage UI against the production build and the embedded cluster: orders-dlt holds Spring Kafka
// DLQ records from the `orders` topic, which exists, so replays to the original topic land.

const DLQ = 'orders-dlt';

async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
}

const countText = (n: number) => `${formatCount(n)} ${n === 1 ? 'record' : 'records'}`;

test.describe('an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('replays an error group after a dry run and sees the records turn replayed', async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    await page.goto(`/dlq/${DLQ}?status=unresolved`);
    const groups = page.getByTestId('error-group');
    await expect(groups.first()).toBeVisible();
    // The smallest group keeps the replay short on a loaded machine.
    const counts = await groups.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))));
    const smallest = counts.indexOf(Math.min(...counts.filter((c) => c > 0)));
    const group = groups.nth(smallest);
    await group.click();
    await expect(group).toHaveAttribute('aria-pressed', 'true');
    const groupUrl = new URL(page.url());
    const groupId = groupUrl.searchParams.get('group');
    expect(groupId).toBeTruthy();
    await expect(page.getByTestId('records-count')).toBeVisible();
    const total = Number((await page.getByTestId('records-count').innerText()).replace(/[^0-9]/g, ''));
    expect(total).toBeGreaterThan(0);

    // Select the whole filter: the selection is the filter, not a list of ids.
    await page.getByRole('checkbox', { name: 'Select all loaded records' }).check();
    const selectAll = page.getByRole('button', { name: /^Select all .* matching this filter$/ });
    if (await selectAll.isVisible()) await selectAll.click();
    const selection = page.getByTestId('selection');
    await expect(selection).toBeVisible();

    await selection.getByRole('button', { name: 'Replay…' }).click();
    const dialog = page.getByTestId('replay-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('spinbutton').fill('1000');
    await expect(dialog.getByRole('button', { name: /^Replay \d/ })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Dry run', exact: true }).click();
    const dryRun = dialog.getByTestId('dry-run');
    await expect(dryRun).toBeVisible({ timeout: 60_000 });
    await expect(dialog.getByTestId('dry-run-targets')).toContainText('orders');
    await expect(dryRun).toContainText('nothing sent');
    await attachScreenshot(page, testInfo, 'replay dry run');

    const confirm = dialog.getByRole('button', {
      name: new RegExp(`^Replay ${countText(total)} to orders$`),
    });
    await expect(confirm).toBeEnabled();
    await confirm.click();

    await expect(page).toHaveURL(/\/replays\/[^/]+$/, { timeout: 30_000 });
    await expect(page.getByTestId('job-percent')).toHaveText('100%', { timeout: 180_000 });
    await expect(page.getByTestId('job-status')).toHaveText('completed');
    await expect(page.getByTestId('job-succeeded')).toHaveText(formatCount(total));
    await expect(page.getByRole('progressbar', { name: 'Replay progress' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    await attachScreenshot(page, testInfo, 'replay job completed');

    // The job is listed with the others.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Replays' }).click();
    await expect(page.getByTestId('job-row').first()).toContainText(DLQ);

    // Back on the DLQ page the group's records are replayed, and none of them is unresolved any more.
    await page.goto(`/dlq/${DLQ}?group=${groupId}`);
    await expect(page.getByTestId('records-count')).toHaveText(countText(total));
    const rows = page.getByTestId('record-row');
    await expect(rows.first()).toContainText('replayed');
    const statuses = await rows.evaluateAll((els) => els.map((el) => el.textContent ?? ''));
    expect(statuses.every((text) => text.includes('replayed'))).toBe(true);
    await page.goto(`/dlq/${DLQ}?group=${groupId}&status=unresolved`);
    await expect(page.getByTestId('records-count')).toHaveText(countText(0));
  });
});

test.describe('a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('sees the jobs page without controls', async ({ page }) => {
    await page.goto('/replays');
    await expect(page.getByRole('heading', { name: 'Replays' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Pause|Resume|Cancel/ })).toHaveCount(0);
  });
});
