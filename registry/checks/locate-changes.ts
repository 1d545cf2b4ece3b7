import type { DocumentNode } from 'graphql';
import type { ClassifiedChange } from './classify-changes.js';
import type { ReportedChange } from './check-report.js';
import { locateCoordinates } from './source-locations.js';

export interface LocatedSource {
  readonly file: string;
  readonly document: DocumentNode;
}

/**
 * Adds to each change where it is: in the new source when the element still exists there, else (a removal) in
 * the old one. Coordinates that neither source defines, such as a removed standard scalar, stay unlocated.
 */
export function locateChanges(
  changes: readonly ClassifiedChange[],
  sources: { readonly old: LocatedSource; readonly new: LocatedSource },
): ReportedChange[] {
  if (changes.length === 0) return [];
  const inNew = locateCoordinates(sources.new.document);
  const inOld = locateCoordinates(sources.old.document);
  return changes.map((change) => {
    const newAt = inNew(change.coordinate);
    if (newAt) return { ...change, location: { file: sources.new.file, ...newAt } };
    const oldAt = inOld(change.coordinate);
    if (oldAt) return { ...change, location: { file: sources.old.file, ...oldAt } };
    return change;
  });
}
