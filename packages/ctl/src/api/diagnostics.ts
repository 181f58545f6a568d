// Diagnostics shared by the scanner, parser, import loader and analyzer. Printed as
// `file:line:col: message`, the form editors and CI log parsers understand.

/** One problem found in an `.api` file. */
export interface ApiDiagnostic {
  /** The file as it was opened (root: as given; imports: joined to the importing file's folder). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column in Unicode code points. */
  col: number;
  message: string;
  /** `syntax`: the text is not `.api`; `semantic`: it parses but means something invalid. */
  kind: 'syntax' | 'semantic';
  severity: 'error' | 'warning';
}

/** A position in a file. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** Build an error diagnostic at `pos`. */
export function semanticError(pos: SourcePos, message: string): ApiDiagnostic {
  return { ...pos, message, kind: 'semantic', severity: 'error' };
}

/** Build a warning diagnostic at `pos`. */
export function semanticWarning(pos: SourcePos, message: string): ApiDiagnostic {
  return { ...pos, message, kind: 'semantic', severity: 'warning' };
}

/** Render as `file:line:col: message` (warnings carry a `warning:` prefix in the message part). */
export function formatDiagnostic(d: ApiDiagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.col}: ${prefix}${d.message}`;
}

/** True when any diagnostic is an error (warnings alone do not fail a command). */
export function hasErrors(list: readonly ApiDiagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}

/** Sort by file, then line, then column, keeping the original order for ties. */
export function sortDiagnostics(list: readonly ApiDiagnostic[]): ApiDiagnostic[] {
  return [...list].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col,
  );
}
