import { describe, expect, it } from 'vitest';
import { joinDoc, packDocs, parseCore, unpackDocs } from './doc-blocks';
import { makeRecord } from './test-support';

describe('doc blocks', () => {
  it('give back each record whole from its two parts, and refuse parts that do not belong together', () => {
    const records = [0, 1, 2].map((offset) => makeRecord({ offset }));
    const { core, detail } = packDocs(records);
    const cores = unpackDocs(Buffer.from(core));
    const details = unpackDocs(Buffer.from(detail));
    expect(cores.map((c, slot) => joinDoc(parseCore(c).core, details[slot]!))).toEqual(records);
    // makeRecord's one header is Spring's original topic: it is in the detail, only its key in the core.
    const { error: _e, errorGroup: _g, warnings: _w, ...core0 } = records[0]!;
    expect(parseCore(cores[0]!)).toEqual({
      core: { ...core0, headers: [] },
      conventionHeaderKeys: ['kafka_dlt-original-topic'],
    });

    const { core: first } = parseCore(cores[0]!);
    const detailWith = (conventionHeaders: unknown) =>
      JSON.stringify({ ...JSON.parse(details[0]!), conventionHeaders });
    const header = records[0]!.headers[0]!;
    // A place past the core's own headers, or places out of order, cannot be the record's.
    expect(() => joinDoc(first, detailWith([[1, header]]))).toThrow('does not fit its core');
    expect(() =>
      joinDoc(
        { ...first, headers: [header, header] },
        detailWith([
          [2, header],
          [1, header],
        ]),
      ),
    ).toThrow('does not fit its core');
  });
});
