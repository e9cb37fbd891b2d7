/**
 * docs/engines: one page per engine family, every page with the same sections in the same order
 * (as docs/engines/README.md promises), each listed in that index, and every first-party engine
 * (packages/cli's KNOWN_ENGINES, first name of each) named in the index.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/cli.js';
import { KNOWN_ENGINES } from '../../packages/cli/src/known-engines.js';

const DIR = join(ROOT, 'docs', 'engines');
const SECTIONS = ['URLs', 'Mode mapping', 'Preferred', 'Diagnosis', 'Caveats', 'Examples', 'Measured matrix'];
const index = readFileSync(join(DIR, 'README.md'), 'utf8');
const pages = readdirSync(DIR).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
/** `## ` headings outside fenced code blocks. */
const headings = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '').split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());

describe('docs/engines', () => {
  it('the index promises the sections checked here', () => {
    expect(index).toContain(`same sections in the same order: install and example, ${SECTIONS.join(', ')}.`);
  });

  it.each(pages)('%s has the sections, in order, and is listed in the index', (page) => {
    const text = readFileSync(join(DIR, page), 'utf8');
    expect(headings(text)).toEqual(SECTIONS);
    expect(text.split('\n')[0]).toMatch(/^# \S/);
    expect(index).toContain(`](${page})`);
  });

  it('every page of the index exists', () => {
    const linked = [...index.matchAll(/\]\(([a-z0-9-]+\.md)\)/g)].map((m) => m[1]);
    expect([...new Set(linked)].sort()).toEqual(pages);
  });

  it.each(KNOWN_ENGINES.map((k) => k.names[0]))('engine %s is in the index', (id) => {
    const row = index.split('\n').find((l) => l.startsWith('| [') && l.split('|')[2]!.split(',').map((s) => s.trim()).includes(id));
    expect(row, `no row of docs/engines/README.md lists the engine id ${id}`).toBeDefined();
  });
});
