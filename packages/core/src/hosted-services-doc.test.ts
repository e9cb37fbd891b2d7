import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { DOC_PATH, renderHostedServicesDoc } from '../../../scripts/hosted-services-doc.mjs';
import { HOSTED_SERVICES } from './hosted-services-table.js';

describe('docs/hosted-services.md', () => {
  it('is the rendering of the table (run node scripts/hosted-services-doc.mjs after editing the table)', () => {
    const text = renderHostedServicesDoc(HOSTED_SERVICES) as string;
    for (const s of HOSTED_SERVICES) expect(text).toContain(s.source.url);
    expect(readFileSync(DOC_PATH as string, 'utf8')).toBe(text);
  });
});
