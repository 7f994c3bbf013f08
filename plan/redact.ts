/**
 * Redaction of secret-shaped values before anything reaches a plan (JSON or Markdown).
 *
 * Three kinds of evidence, because plan comments end up in PR history forever:
 * - the object's type: every value under a Secret's `data`/`stringData`;
 * - the field's name: password, token, secret, API/private/access key, credentials, passphrase…
 *   but not references to them (`credentialsName`, `secretName`, `tokenSecretRef`), which a
 *   reviewer needs to see;
 * - the value's shape: PEM blocks, `Bearer …` strings, JWTs, passwords in URLs.
 * Redaction keeps change detection: callers compare raw values and redact only what they show.
 */

export const REDACTED = '(redacted)';

/** Normalised key endings that name a secret value. */
const SECRET_KEY_ENDINGS = ['password', 'passwd', 'passphrase', 'token', 'secret', 'apikey', 'privatekey', 'accesskey', 'secretkey', 'authkey', 'credential', 'credentials', 'psk', 'clientsecret'];
/** Key endings that name where a secret lives rather than the secret itself. */
const REFERENCE_ENDINGS = ['name', 'ref', 'reference', 'file', 'path', 'id', 'key_ref', 'keyref', 'selector', 'namespace'];

/** True when a field with this key holds a secret value. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_.\s]/g, '');
  if (REFERENCE_ENDINGS.some((r) => k.endsWith(r.replace(/_/g, '')) && k !== r)) return false;
  return SECRET_KEY_ENDINGS.some((e) => k.endsWith(e));
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):([^\s@/]+)@/gi;

/** Replaces secret-shaped substrings of any text (values, warnings, whole files). */
export function redactText(text: string): string {
  if (!/-----BEGIN|bearer|basic|eyJ|:\/\//i.test(text)) return text;
  return text
    .replace(PEM_BLOCK, (_m, label: string) => `-----BEGIN ${label}----- ${REDACTED} -----END ${label}-----`)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(URL_PASSWORD, (_m, user: string) => `${user}:${REDACTED}@`);
}

/**
 * The value to show for a leaf of an object. `kind` is the object's kind; `path` the keys
 * (and array positions) from the object's root to the leaf.
 */
export function redactLeaf(kind: string, path: readonly (string | number)[], value: unknown): unknown {
  if (kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData') && path.length > 1) return REDACTED;
  const key = lastKey(path);
  if (key !== undefined && isSecretKey(key) && value !== null && value !== '' && typeof value !== 'boolean') return REDACTED;
  return typeof value === 'string' ? redactText(value) : value;
}

/**
 * Redacts one line of a file that is not an object (INI, conf, JSON, shell): `key = value`,
 * `key: value` and `"key": "value"` with a secret-shaped key, plus secret-shaped substrings.
 */
export function redactLine(line: string): string {
  const m = /^(\s*["']?)([A-Za-z0-9_.-]+)(["']?\s*[:=]\s*)(.*?)(,?\s*)$/.exec(line);
  if (m && isSecretKey(m[2]!) && m[4]!.trim() !== '' && !/^[[{]$/.test(m[4]!.trim())) {
    return `${m[1]}${m[2]}${m[3]}${m[4]!.startsWith('"') ? `"${REDACTED}"` : REDACTED}${m[5]}`;
  }
  return redactText(line);
}

function lastKey(path: readonly (string | number)[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (typeof p === 'string' && !p.startsWith('[')) return p;
  }
  return undefined;
}
