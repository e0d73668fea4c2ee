import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  page: string;
  files: number;
  gzipBytes: number;
}

interface RscManifest {
  entryJSFiles?: Record<string, string[]>;
}

function pageManifests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pageManifests(full);
    return entry.name === 'page_client-reference-manifest.js' ? [full] : [];
  });
}

/** `/(app)/dlq/[topic]/page` → `/dlq/[topic]`: route groups are not in the URL. */
function routeOf(manifestKey: string): string {
  const segments = manifestKey.split('/').filter((s) => s && s !== 'page' && !/^\(.*\)$/.test(s));
  return `/${segments.join('/')}`;
}

/**
 * First-load JavaScript of every page, gzipped, from the production build: Next 16 no longer prints sizes in
 * `next build`, so this adds up the runtime's root chunks and every chunk the page's client reference manifest lists
 * for its segments (layouts, page, boundaries), each file once. Polyfills are left out, as Next did: browsers
 * with ES modules never load them.
 */
export function firstLoadJs(nextDir: string): PageWeight[] {
  const buildManifest = path.join(nextDir, 'build-manifest.json');
  if (!fs.existsSync(buildManifest)) return [];
  const { rootMainFiles = [] } = JSON.parse(fs.readFileSync(buildManifest, 'utf8')) as {
    rootMainFiles?: string[];
  };
  const gzipped = new Map<string, number>();
  const gzipSize = (file: string): number => {
    let size = gzipped.get(file);
    if (size === undefined) {
      size = gzipSync(fs.readFileSync(path.join(nextDir, file)), { level: 9 }).length;
      gzipped.set(file, size);
    }
    return size;
  };
  const pages: PageWeight[] = [];
  for (const file of pageManifests(path.join(nextDir, 'server', 'app'))) {
    const sandbox: { __RSC_MANIFEST?: Record<string, RscManifest> } = {};
    sandbox.__RSC_MANIFEST = {};
    vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox);
    for (const [key, manifest] of Object.entries(sandbox.__RSC_MANIFEST ?? {})) {
      if (key.startsWith('/_')) continue;
      const files = new Set([...rootMainFiles, ...Object.values(manifest.entryJSFiles ?? {}).flat()]);
      const gzipBytes = [...files].reduce((sum, f) => sum + gzipSize(f), 0);
      pages.push({ page: routeOf(key), files: files.size, gzipBytes });
    }
  }
  return pages.sort((a, b) => a.page.localeCompare(b.page));
}
