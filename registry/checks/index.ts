// The schema-checks core: pure functions over schemas, shared by `atrium schema diff` and the registry check.
export { apiSchemaFromComposedSchema, apiSchemaFromSupergraph } from './api-schema.js';
export { buildSdlSchema, type SdlBuildResult, type SdlError, type SdlLocation } from './build-sdl-schema.js';
export {
  CHANGE_CODE_NAMES,
  CHANGE_CODES,
  changeCodeDefinition,
  SEVERITIES,
  type ChangeCode,
  type ChangeCodeDefinition,
  type Severity,
} from './change-codes.js';
export {
  createCheckReport,
  FAIL_ON_VALUES,
  changeFails,
  failsCheck,
  type CheckReport,
  type CheckReportInput,
  type FailOn,
  type ReportCompositionError,
  type ReportedChange,
  type ReportLintFinding,
  type ReportLocation,
  type ReportSource,
} from './check-report.js';
export { diffSchemas, sortChanges, type ClassifiedChange } from './classify-changes.js';
export { locateChanges, type LocatedSource } from './locate-changes.js';
export { formatHumanReport } from './report/human.js';
export { formatJsonReport } from './report/json.js';
export { formatJunitReport } from './report/junit.js';
export { formatSarifReport } from './report/sarif.js';
export { detectSdlKind, type SdlKind } from './sdl-kind.js';
