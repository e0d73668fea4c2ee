import 'server-only';
import v8 from 'node:v8';

// Masking patterns come from configuration and run over every payload a viewer opens, including 10 MB ones. They
// are compiled for V8's linear-time engine (the `l` flag), so no pattern can backtrack catastrophically, whatever
// the input. That engine is behind a V8 flag; it only adds the `l` flag and changes no other regex.
v8.setFlagsFromString('--enable-experimental-regexp-engine');

/** Why the source cannot run in linear time (or is no regex at all), or null when it can. */
export function linearRegexProblem(source: string): string | null {
  try {
    new RegExp(source, 'l');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** A global regex on the linear-time engine; throws when the source cannot run on it. */
export function linearRegex(source: string): RegExp {
  return new RegExp(source, 'gl');
}
