import { describe, expect, it } from 'vitest';
import { joinDoc, packDocs, unpackDocs } from './doc-blocks';
import { makeRecord } from './test-support';

describe('doc blocks', () => {
  it('give back each record whole from its two parts, and refuse parts that do not belong together', () => {
    const records = [0, 1, 2].map((offset) => makeRecord({ offset }));
    const { core, detail } = packDocs(records);
    const cores = unpackDocs(Buffer.from(core));
    const details = unpackDocs(Buffer.from(detail));
    expect(cores.map((c, slot) => joinDoc(c, details[slot]!))).toEqual(records);
    // makeRecord's one header is Spring's original topic: its value is in the detail, not the core.
    expect(JSON.parse(cores[0]!).headers).toEqual([{ ...records[0]!.headers[0], text: null, base64: null }]);

    const noValues = JSON.stringify({ ...JSON.parse(details[0]!), conventionValues: [] });
    expect(() => joinDoc(cores[0]!, noValues)).toThrow('fewer header values');
    const extra = JSON.stringify({
      ...JSON.parse(details[0]!),
      conventionValues: [
        ['a', null],
        ['b', null],
      ],
    });
    expect(() => joinDoc(cores[0]!, extra)).toThrow('more header values');
  });
});
