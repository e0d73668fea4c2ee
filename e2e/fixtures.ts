import { expect, test as base } from '@playwright/test';

// Every spec fails on a console error or an uncaught page error: a broken page must not pass because the
// assertion happened to look elsewhere.
export const test = base.extend({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await use(page);
    expect(problems, 'console and page errors').toEqual([]);
  },
});

export { expect };
