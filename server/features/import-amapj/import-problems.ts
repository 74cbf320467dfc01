/** What the preview lists line by line, before anything is written. */
export interface Problem {
  /** Line of the .script concerned; null for the file as a whole. */
  line: number | null;
  /** error: the import is refused until the file is fixed; warning: imported as said. */
  severity: 'error' | 'warning';
  message: string;
}

export class Problems {
  readonly list: Problem[] = [];
  error(line: number | null, message: string): void {
    this.list.push({ line, severity: 'error', message });
  }
  warning(line: number | null, message: string): void {
    this.list.push({ line, severity: 'warning', message });
  }
}

/** A value AmapJ's code does not know: the file is not what we think, so nothing is guessed. */
export function unknownValue(problems: Problems, line: number, what: string, value: string | number | null): void {
  problems.error(line, `${what} : valeur inconnue « ${value ?? 'NULL'} ».`);
}
