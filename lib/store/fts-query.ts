import 'server-only';
import { InvalidQueryError } from './errors';

export const MAX_QUERY_CHARS = 500;

const SEARCHABLE = /[\p{L}\p{N}]/u;

/**
 * Turns what a user typed into an FTS5 query that always parses: every whitespace-separated term
 * becomes a quoted string, so AND, OR, NOT, NEAR, `column:`, parentheses and quotes are plain text,
 * and all terms must match. A term ending in `*` stays a prefix search. A term without letters or
 * digits has no tokens and is dropped; null means nothing is left, so nothing can match.
 */
export function ftsQuery(input: string): string | null {
  if (input.length > MAX_QUERY_CHARS) {
    throw new InvalidQueryError('q', `longer than ${MAX_QUERY_CHARS} characters`);
  }
  const phrases: string[] = [];
  for (const term of input.split(/\s+/u)) {
    const body = term.replace(/\*+$/u, '');
    if (!SEARCHABLE.test(body)) continue;
    const phrase = `"${body.replaceAll('"', '""')}"`;
    phrases.push(body.length < term.length ? `${phrase}*` : phrase);
  }
  return phrases.length === 0 ? null : phrases.join(' ');
}
