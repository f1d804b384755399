import { createHash } from 'node:crypto';

const SAFE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/**
 * One directory-name segment from an org or session id. Ids are normally already safe (`ses-01j…`); anything
 * else is mapped to [A-Za-z0-9._-] with a short hash of the original so distinct ids never share a workspace.
 * An empty org becomes `_`; a leading dot is replaced so a segment can never be `.`, `..` or hidden.
 */
export function workspaceSegment(raw: string, emptyAs = '_'): string {
  if (raw === '') return emptyAs;
  if (SAFE.test(raw)) return raw;
  const cleaned = raw
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[.-]/, '_')
    .slice(0, 100);
  return `${cleaned}-${createHash('sha256').update(raw).digest('hex').slice(0, 10)}`;
}

/** True when `segment` could have come from workspaceSegment (used to validate ids given to open/destroy). */
export function isWorkspaceSegment(segment: string): boolean {
  return SAFE.test(segment);
}
