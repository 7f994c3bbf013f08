/** Field shapes and enums the site-file schema is built from (site-spec.ts). */
import { z } from 'zod';
import { CONTROL_CHARS } from '../lib/text';

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

/** An IPv4 octet, 0-255, without leading zeros (010 reads as octal to some parsers). */
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;
export const cidr = z
  .string()
  .regex(new RegExp(`^${IPV4}\\/(3[0-2]|[12]?\\d)$`), 'must be an IPv4 CIDR such as 10.40.0.0/16')
  .describe('An IPv4 CIDR, e.g. 10.40.0.0/16.');
export const ipv4 = z.string().regex(new RegExp(`^${IPV4}$`), 'must be an IPv4 address such as 10.40.0.1');

/**
 * An RFC 1123 host name or domain: dot-separated labels of letters, digits and "-" (not at a
 * label's ends), each at most 63, at most 253 in all. A name with no letter is refused: RFC 1123
 * §2.1 keeps the dotted-decimal form for addresses, and `10.0.0.999` is a typo, not a host.
 */
const LABEL = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = `(?=.*[A-Za-z])${LABEL}(\\.${LABEL})*`;
export const hostname = z
  .string()
  .max(253, 'must be at most 253 characters (an RFC 1123 host name)')
  .regex(new RegExp(`^${HOSTNAME}$`), 'must be an RFC 1123 host name: labels of letters, digits and "-" separated by dots, such as time.example.net')
  .describe('An RFC 1123 host name or domain, e.g. permian-1.example.net.');
export const hostOrIpv4 = z
  .string()
  .max(253, 'must be at most 253 characters (an RFC 1123 host name)')
  .regex(new RegExp(`^(${IPV4}|${HOSTNAME})$`), 'must be an IPv4 address or an RFC 1123 host name, such as 10.10.0.3 or time.example.net')
  .describe('An IPv4 address or an RFC 1123 host name.');

/**
 * Free text that is shown (descriptions, vendor names, sources) and so reaches comments of
 * generated files, Markdown and terminals: one line, no control characters (lib/text.ts).
 */
export const text = (what: string, max: number) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .regex(new RegExp(`^[^${CONTROL_CHARS}]*$`), `${what} must be one line of text without control characters (newline, tab, escape, NUL, bidirectional overrides)`);

/** A Kubernetes label value: at most 63 of letters, digits, "-", "_", ".", alphanumeric at both ends (may be empty). */
export const labelValue = z
  .string()
  .max(63, 'must be at most 63 characters (a Kubernetes label value)')
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, 'must be a Kubernetes label value: letters, digits, "-", "_" and ".", starting and ending with a letter or digit');

/** A group of the identity provider (a RoleBinding subject): printable, no blanks at the ends. */
export const groupName = text('a group name', 256).regex(/^\S(.*\S)?$/, 'a group name must not be empty or start or end with a blank');

/** A MIG profile as nvidia-smi names it: `<slices>g.<memory>gb`, e.g. 1g.10gb (becomes a resource name). */
export const migProfile = z.string().regex(/^\d{1,2}g\.\d{1,4}gb(\+[a-z]{1,8})?$/, 'must be a MIG profile such as 1g.10gb');

/** A BIOS attribute name as Redfish and the vendors spell it (LogicalProc, SriovGlobalEnable). */
export const biosSetting = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:#-]{0,127}$/, 'must be a BIOS attribute name: letters, digits and _ . : # -, at most 128');

/** A branch, tag or commit Argo CD syncs to: git ref characters only, no blanks. */
export const gitRevision = z
  .string()
  .min(1, 'targetRevision must not be empty')
  .max(255, 'targetRevision must be at most 255 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\/+-]*$/, 'must be a git branch, tag or commit: letters, digits and . _ / + -');

export const COOLING_TYPES = ['air', 'rear-door', 'direct-liquid', 'immersion', 'hydro'] as const;
export const TIERS = ['N', 'N+1', '2N'] as const;
export const ISOLATIONS = ['dedicated', 'shared'] as const;
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export const REVENUE_MODELS = ['colocation', 'gpu-hour'] as const;
export const PROVISIONING_BACKENDS = ['metal3', 'tinkerbell'] as const;

/** Where a pool's NVIDIA driver comes from: the GPU Operator's container, or the node image. */
export const GPU_DRIVER_MODELS = ['operator', 'host'] as const;
export type GpuDriverModel = (typeof GPU_DRIVER_MODELS)[number];
