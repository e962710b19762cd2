import type { Finding } from '@tokenfn/core';
import { asciiJson } from './safe-text';

const MARK: Record<Finding['severity'], string> = { error: '✗', warning: '!', info: '·' };

/**
 * Findings as text, one block each, worst first as diagnoseToken sorts them:
 *   ✗ error    CHANNEL_MISMATCH  the token is for channel "a", your app joins "b"
 *              fix: build the token for channel "b", …
 */
export function formatFindings(findings: readonly Finding[], indent = ''): string {
  if (findings.length === 0) return `${indent}✓ no problem found`;
  return findings
    .map((f) => {
      const head = `${indent}${MARK[f.severity]} ${f.severity.padEnd(8)} ${asciiJson(f.code)}  ${asciiJson(f.message)}`;
      return f.fix === undefined ? head : `${head}\n${indent}  ${' '.repeat(9)}fix: ${asciiJson(f.fix)}`;
    })
    .join('\n');
}
