import fs from 'node:fs';
import { expect, it } from 'vitest';
import { envSettings } from './env';

it('the README documents every environment variable the configuration reads, and no others', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const documented = new Set([...readme.matchAll(/`(DLQDESK_[A-Z_]+)`/g)].map((m) => m[1]));
  const read = new Set(['DLQDESK_CONFIG', ...envSettings.map((s) => s.env)]);
  expect([...read].filter((v) => !documented.has(v))).toEqual([]);
  expect([...documented].filter((v) => !read.has(v!))).toEqual([]);
});
