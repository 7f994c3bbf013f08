/** Field shapes and enums the site-file schema is built from (site-spec.ts). */
import { z } from 'zod';

/**
 * JSON Schema for an id: editors offer the built-in catalog ids, and any other string (a
 * site's own spec.catalog entry) is still allowed; the resolver checks it.
 */
export const suggest = (table: Readonly<Record<string, unknown>>) => ({ anyOf: [{ enum: Object.keys(table).sort() }, { type: 'string' }] });

/** DNS-1123 label: what Kubernetes accepts as a namespace or label value, and what we use for every name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const name = z
  .string()
  .max(63, 'must be at most 63 characters (a DNS-1123 label)')
  .regex(DNS_LABEL, 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit')
  .describe('A DNS-1123 label: lower-case letters, digits and "-", at most 63 characters.');

export const positive = (what: string, max: number) =>
  z.number().positive(`${what} must be greater than 0`).max(max, `${what} must be at most ${max}`);
export const count = (what: string, max: number) =>
  z.number().int(`${what} must be a whole number`).min(0, `${what} must not be negative`).max(max, `${what} must be at most ${max}`);
export const fraction = (what: string) => z.number().gt(0, `${what} must be greater than 0`).max(1, `${what} must be at most 1`);

export const cidr = z
  .string()
  .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/, 'must be an IPv4 CIDR such as 10.40.0.0/16')
  .describe('An IPv4 CIDR, e.g. 10.40.0.0/16.');
export const ipv4 = z
  .string()
  .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, 'must be an IPv4 address such as 10.40.0.1');

export const COOLING_TYPES = ['air', 'rear-door', 'direct-liquid', 'immersion', 'hydro'] as const;
export const TIERS = ['N', 'N+1', '2N'] as const;
export const ISOLATIONS = ['dedicated', 'shared'] as const;
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export const REVENUE_MODELS = ['colocation', 'gpu-hour'] as const;
export const PROVISIONING_BACKENDS = ['metal3', 'tinkerbell'] as const;

/** Where a pool's NVIDIA driver comes from: the GPU Operator's container, or the node image. */
export const GPU_DRIVER_MODELS = ['operator', 'host'] as const;
export type GpuDriverModel = (typeof GPU_DRIVER_MODELS)[number];
