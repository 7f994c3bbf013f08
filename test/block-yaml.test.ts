/** The fast YAML writer reads back as the same data, for the strings that trip plain scalars. */
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { toYaml, toYamlStream } from '../stacks/bare-metal/block-yaml';

describe('block-yaml', () => {
  it('round-trips awkward scalars, nesting and multi-line text', () => {
    const value = {
      strings: ['yes', 'no', 'on', 'null', '~', '', '0600', '1.5', '02:00:00:01:00:01', 'a: b', 'x #y', '-dash', 'trailing:', 'redfish://10.0.0.1/redfish/v1', '.inf', 'ünï', '"q"'],
      numbers: [0, 1.25, -3],
      flags: [true, false],
      empty: { list: [], map: {} },
      nested: [{ a: 1, b: [['x', 'y'], []] }, [{ c: 'd' }]],
      text: 'line one\n  indented\n\nlast\n',
      noNewline: 'a\nb',
      leadingSpace: '  x\ny\n',
      // Found by test/yaml-documents.test.ts's property: only line breaks (a literal block of
      // empty lines reads back as ""), and a blank opening the first non-empty line (that line
      // sets the block's indentation, so the blank was lost).
      onlyNewline: '\n',
      blankAfterEmptyLine: '\n #',
      blankAfterEmptyLines: '\n\n  x\ny',
      'key: odd': 'v',
    };
    expect(parse(toYaml(value))).toEqual(value);
  });

  it('writes a stream of documents', () => {
    const docs = [{ kind: 'A' }, { kind: 'B', spec: { n: 1 } }];
    expect(parseAllDocuments(toYamlStream(docs)).map((d) => d.toJS())).toEqual(docs);
  });
});
