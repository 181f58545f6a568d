// One call from a root `.api` path to the resolved contract: load imports, then analyse.
import { analyzeApi } from './analyzer.js';
import { hasErrors, sortDiagnostics, type ApiDiagnostic } from './diagnostics.js';
import { loadApiFiles, type ReadText } from './imports.js';
import type { ApiSpec } from './spec.js';

/** The contract (absent when any error was found) and every diagnostic, sorted by position. */
export interface LoadApiResult {
  spec?: ApiSpec;
  diagnostics: ApiDiagnostic[];
}

/**
 * Parse `path` and its imports and run the semantic checks. Syntax errors stop the analysis (the
 * tree is incomplete); semantic errors are all reported. Never throws for bad input.
 */
export async function loadApi(path: string, read?: ReadText): Promise<LoadApiResult> {
  const loaded = await loadApiFiles(path, read);
  if (hasErrors(loaded.diagnostics)) return { diagnostics: sortDiagnostics(loaded.diagnostics) };
  const analyzed = analyzeApi(loaded.files);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...analyzed.diagnostics]);
  return analyzed.spec && !hasErrors(diagnostics)
    ? { spec: analyzed.spec, diagnostics }
    : { diagnostics };
}
