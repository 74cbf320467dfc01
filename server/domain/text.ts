/**
 * Text people type or import: which characters it may hold. C0 control characters (U+0000–U+001F)
 * and DEL are invisible, break CSV and XML exports and mails, and never come from a keyboard; a
 * multi-line text keeps its line feeds and tabs.
 */

/** Every C0 control character and DEL. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, less line feed and tab. */
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f]/;

export interface TextKind {
  /** A text area: line feeds and tabs are part of the text. */
  multiline?: boolean;
}

/** Browsers send a text area's line breaks as CR LF; an old Mac file has lone CRs. Both become LF. */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Whether the text holds a control character it may not hold. Give it the text as it will be
 * stored (line breaks normalised): a CR left in a multi-line text counts as one.
 */
export function hasControlCharacter(text: string, kind: TextKind = {}): boolean {
  return (kind.multiline ? CONTROL_MULTILINE : CONTROL).test(text);
}

/**
 * The text without the control characters it may not hold: for output built from data stored
 * before this check existed. Single-line text gets a space for a tab or a line break, so words
 * stay apart.
 */
export function withoutControlCharacters(text: string, kind: TextKind = {}): string {
  if (kind.multiline) return normalizeLineBreaks(text).replace(new RegExp(CONTROL_MULTILINE, 'g'), '');
  return text.replace(/[\t\n\r]+/g, ' ').replace(new RegExp(CONTROL, 'g'), '');
}
