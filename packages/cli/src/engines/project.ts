import { runProjectChecks } from '@backend-guard/project-checks';
import type { EngineInput, EngineResult } from './index.js';

/**
 * The whole-project checks (tier-chain, router-mounted, context-once on one ts-morph project of the
 * files they need; migration-safety on PostgreSQL's parser). Positions are the checks' own.
 */
export async function runProjectEngine({ root, config, files, warn }: EngineInput): Promise<EngineResult> {
  const { findings, filesAnalyzed } = await runProjectChecks({ root, config, files, warn });
  return {
    findings: findings.map(({ ruleId, severity, file, line, column, endLine, endColumn, message }) => ({
      ruleId,
      severity,
      file,
      line,
      column,
      ...(endLine === undefined ? {} : { endLine, endColumn }),
      message,
      engine: 'project' as const,
    })),
    filesAnalyzed,
    unanalysed: [],
  };
}
