/**
 * What dnsmasq.conf and the iPXE scripts can carry, checked as each value is written. Both are
 * line-based and neither has a quoting rule rackshift could rely on: a newline in a value is a
 * new directive (dnsmasq's `dhcp-script=` runs as root), a comma a new field, a blank or `||`
 * a new iPXE argument or command, `${…}` an iPXE setting. Site values are checked at load
 * (constructs/spec-fields.ts); this is the writer's own refusal, so a value that slipped past
 * (a construct built in code, a catalog entry) stops the render instead of changing the file.
 */
import { hasControlChars, showControls } from '../../lib/text';

/** A value a writer cannot represent in its format: rendering stops, naming the file and field. */
export class UnrepresentableValue extends Error {
  constructor(file: string, field: string, value: string, why: string) {
    super(`${file}: cannot write ${field} "${showControls(value)}": ${why}`);
    this.name = 'UnrepresentableValue';
  }
}

/** Text after `#` on a comment line (dnsmasq, iPXE, cloud-config): anything but a line break or control character. */
export function commentText(file: string, field: string, value: string): string {
  if (hasControlChars(value)) throw new UnrepresentableValue(file, field, value, 'a comment holds one line without control characters');
  return value;
}

/** One field of a dnsmasq directive: no blank, comma, `#`, quote, backslash or control character. */
export function dnsmasqField(field: string, value: string): string {
  if (value === '' || hasControlChars(value) || /[\s,#"'\\]/.test(value)) throw new UnrepresentableValue('dnsmasq.conf', field, value, 'a dnsmasq field holds no blank, comma, "#", quote, backslash or control character');
  return value;
}

/** One word of an iPXE command: no blank, control character, `$` (setting expansion), `|`, `&`, `;`, `#`, quote or backslash. */
export function ipxeWord(field: string, value: string): string {
  if (value === '' || hasControlChars(value) || /[\s$|&;#"'\\]/.test(value)) throw new UnrepresentableValue('iPXE script', field, value, 'an iPXE word holds no blank, "$", "|", "&", ";", "#", quote, backslash or control character');
  return value;
}
