/**
 * The one redaction module: every output rackshift prints or writes outside the synth tree
 * (errors and warnings through formatDiagnostic, summary.json, plan Markdown and JSON, size
 * output, deploy output) passes its text through redactText, because CI logs and PR comments
 * are kept forever and read by more people than the site's owners.
 *
 * Three kinds of evidence:
 * - the object's type: every value under a Secret's `data`/`stringData`;
 * - the field's name: password, token, secret, API/private/access key, credentials, passphrase…
 *   but not references to them (`credentialsName`, `secretName`, `tokenSecretRef`), which a
 *   reviewer needs to see;
 * - the value's shape: PEM blocks, `Bearer …` strings, JWTs, the userinfo of a URL in any
 *   scheme, query parameters named like token/secret/password/key/signature, and the token
 *   formats of GitHub, GitLab, Slack and AWS access keys.
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
/**
 * `scheme://userinfo@`: the whole userinfo goes (a token is often the user name:
 * https://ghp_…@github.com), except an SSH login name alone (ssh://git@host), which is no secret.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>]+)@/gi;
const SSH_USER = /^(?:ssh|git\+ssh):\/\/$/i;
const LOGIN_NAME = /^[a-z_][a-z0-9_.-]{0,31}$/;
/** `?token=…`, `&X-Amz-Signature=…`, `;password=…`: the value of a query parameter named like a secret. */
const SECRET_PARAM = /([?&;][^\s=&#?;"'<>]*(?:token|secret|password|passwd|pwd|key|signature|sig|credential|auth)[^\s=&#?;"'<>]*=)[^\s&#;"'<>]+/gi;
/**
 * Token formats with a fixed prefix (see each vendor's documentation of its token format):
 * GitHub ghp_/gho_/ghu_/ghs_/ghr_ and github_pat_, GitLab glpat-, Slack xoxb-/xoxp-/xoxa-/…,
 * AWS access key ids AKIA…/ASIA….
 */
const TOKEN_SHAPES = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposre]-[A-Za-z0-9-]{10,}|(?:AKIA|ASIA)[A-Z0-9]{16})\b/g;
const MAYBE_SECRET = /-----BEGIN|bearer|basic|eyJ|:\/\/|[?&;][^=\s]*=|gh[pousr]_|github_pat_|glpat-|xox[a-z]-|AKIA|ASIA/i;

/** Replaces secret-shaped substrings of any text (values, warnings, whole files). */
export function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text
    .replace(PEM_BLOCK, (_m, label: string) => `-----BEGIN ${label}----- ${REDACTED} -----END ${label}-----`)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(URL_USERINFO, (m, scheme: string, info: string) => (SSH_USER.test(scheme) && LOGIN_NAME.test(info) ? m : `${scheme}${REDACTED}@`))
    .replace(SECRET_PARAM, (_m, name: string) => `${name}${REDACTED}`)
    .replace(TOKEN_SHAPES, REDACTED);
}

/** True when the text holds anything redactText would replace (for refusing a value at load). */
export function holdsSecret(text: string): boolean {
  return redactText(text) !== text;
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
