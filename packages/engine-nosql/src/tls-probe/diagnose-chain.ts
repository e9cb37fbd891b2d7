import { asErrorLike, CORE_ERROR_PATTERNS, errorChain, matchesPattern, type DiagnoseContext, type DiagnosisHint, type ErrorPattern } from '@dbtls/core';

const like = asErrorLike;

/**
 * A diagnosis hook for drivers that wrap the real error: the engine's own
 * patterns over the chain (outermost first), then core's patterns from the
 * innermost error outwards, so the diagnosis quotes the error that carries the
 * Node/OpenSSL code rather than the driver's wrapper. For an engine without a
 * fallback, `preferred` ran as `required`, and the recommended mode says so.
 *
 * @example
 * ```ts
 * diagnose: (error, context) => diagnoseChain(error, context, MONGODB_ERROR_PATTERNS, unwrapMongodb),
 * ```
 */
export function diagnoseChain(error: unknown, context: DiagnoseContext, patterns: readonly ErrorPattern[], unwrap?: (e: unknown) => unknown[]): DiagnosisHint | undefined {
  const chain = errorChain(error, unwrap);
  let hint: DiagnosisHint | undefined;
  outer: for (const e of chain) {
    for (const pattern of patterns) {
      if (matchesPattern(like(e), pattern)) {
        hint = { cause: pattern.cause, source: e, ...(pattern.note ? { note: pattern.note } : {}) };
        break outer;
      }
    }
  }
  if (!hint) {
    inner: for (const e of [...chain].reverse()) {
      for (const pattern of CORE_ERROR_PATTERNS) {
        if (matchesPattern(like(e), pattern)) {
          hint = { cause: pattern.cause, source: e, ...(pattern.note ? { note: pattern.note } : {}) };
          break inner;
        }
      }
    }
  }
  if (hint && context.requestedMode === 'preferred' && (hint.cause === 'client-certificate-required' || hint.cause === 'client-key-invalid')) {
    hint.recommendedMode = context.effectiveMode;
  }
  return hint;
}
