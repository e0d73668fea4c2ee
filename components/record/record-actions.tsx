/**
 * Where the record's write actions go: the fix editor's "Edit" (issue 5 item 4), then replay and discard.
 * Rendered for operators only, so a viewer never gets an edit control. Empty until those features exist: a
 * button that does nothing would be worse than none.
 */
export function RecordActions() {
  return <div data-testid="record-actions" className="ml-auto flex gap-2" />;
}
