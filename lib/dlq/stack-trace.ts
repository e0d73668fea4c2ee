import 'server-only';

export interface ThrowableSummary {
  class: string;
  message: string | null;
}

const CAUSED_BY = 'Caused by: ';
const MAX_MESSAGE_LINES = 20;
const MAX_MESSAGE_CHARS = 4000;
const JAVA_CLASS_NAME = /^[\p{L}_$][\p{L}\p{N}_$.]*$/u;
// Lines after a message that belong to the trace, not to a multi-line message. A frame names a
// method and its source ("at pkg.Class.method(File.java:12)"); Jackson's messages continue with
// " at [Source: ...]", which is no frame.
const TRACE_LINE = /^\s+at [\w$./<>-]+\(|^\s+\.\.\. \d+ more|^\s*(Caused by|Suppressed): /;

/** The immediate cause of a Java stack trace (its first "Caused by:" line), or null. When
 * `causeClass` is given, the first cause of that class is returned instead. */
export function causeFromStackTrace(stackTrace: string, causeClass?: string | null): ThrowableSummary | null {
  const marker = causeClass ? `${CAUSED_BY}${causeClass}` : CAUSED_BY;
  let from = 0;
  for (;;) {
    const at = stackTrace.indexOf(marker, from);
    if (at < 0) return null;
    from = at + marker.length;
    if (at > 0 && stackTrace[at - 1] !== '\n') continue;
    const summary = throwableLine(stackTrace, at + CAUSED_BY.length);
    if (summary && (!causeClass || summary.class === causeClass)) return summary;
  }
}

function throwableLine(stackTrace: string, start: number): ThrowableSummary | null {
  const lineEnd = endOfLine(stackTrace, start);
  const line = stackTrace.slice(start, lineEnd);
  const separator = line.indexOf(': ');
  const className = (separator < 0 ? line : line.slice(0, separator)).trim();
  if (!JAVA_CLASS_NAME.test(className)) return null;
  if (separator < 0) return { class: className, message: null };
  const lines = [line.slice(separator + 2)];
  let next = lineEnd + 1;
  while (next < stackTrace.length && lines.length < MAX_MESSAGE_LINES) {
    const end = endOfLine(stackTrace, next);
    const continuation = stackTrace.slice(next, end);
    if (TRACE_LINE.test(continuation)) break;
    lines.push(continuation);
    next = end + 1;
  }
  const message = lines.join('\n').replace(/\r/g, '').trimEnd().slice(0, MAX_MESSAGE_CHARS);
  return { class: className, message };
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}
