/**
 * Text people type or import: which characters it may hold. C0 control characters (U+0000–U+001F)
 * and DEL are invisible, break CSV and XML exports and mails, and never come from a keyboard; a
 * multi-line text keeps its line breaks and tabs.
 */

/** Every C0 control character and DEL. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, less tab, line feed and carriage return. */
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface TextKind {
  /** A text area: line breaks and tabs are part of the text. */
  multiline?: boolean;
}

/** Browsers send a text area's line breaks as CR LF; an old Mac file has lone CRs. Both become LF. */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Whether the text holds a control character it may not hold. */
export function hasControlCharacter(text: string, kind: TextKind = {}): boolean {
  return (kind.multiline ? CONTROL_MULTILINE : CONTROL).test(text);
}

/** What a person reads when a field holds one: the field's name first, since a form has many. */
export function controlCharacterMessage(label: string): string {
  return `${label} : ce texte contient un caractère invisible non autorisé ; retapez-le.`;
}

/**
 * The text without the control characters it may not hold: for output built from data stored
 * before this check existed. Single-line text gets a space for a tab or a line break, so words
 * stay apart.
 */
export function withoutControlCharacters(text: string, kind: TextKind = {}): string {
  if (kind.multiline) return text.replace(new RegExp(CONTROL_MULTILINE, 'g'), '');
  return text.replace(/[\t\n\r]+/g, ' ').replace(new RegExp(CONTROL, 'g'), '');
}
