/** The offer as JSON for tools: everything the Markdown says, without the resolved sites. */
import { stableJson } from '../lib/json';
import { powerStack } from './power-stack';
import type { OfferResult } from './size';

export function offerData(r: OfferResult) {
  const { before, plan, ...rest } = r;
  return {
    apiVersion: 'rackshift.dev/v1alpha1',
    kind: 'OfferSizing',
    ...rest,
    ...(plan
      ? {
          plan: (({ after: _after, ...p }) => p)(plan),
          powerStack: { before: powerStack('before', before), after: powerStack('after', plan.after, plan.pool) },
        }
      : {}),
  };
}

export function offerJson(r: OfferResult): string {
  return stableJson(offerData(r));
}
