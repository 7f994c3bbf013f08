/**
 * The shape of summary.json as `plan` reads it: exactly what stacks/summary.ts writes. Older
 * outputs may lack newer fields, so readers treat every nested value as possibly absent.
 */
import type { siteSummary } from '../stacks/summary';

export type SiteSummary = ReturnType<typeof siteSummary>;
