/** The report for an audience: the customer's (what is sent out) or the internal one. */
import { customerReport } from './report-customer';
import { internalReport } from './report-internal';
import type { Audience, Report } from './report-types';
import type { OfferResult } from './size';

export function offerReport(r: OfferResult, audience: Audience): Report {
  return audience === 'customer' ? customerReport(r) : internalReport(r);
}
