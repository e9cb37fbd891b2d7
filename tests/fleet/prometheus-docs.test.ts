/**
 * The Prometheus files of docs/prometheus/ are valid and use only metrics the
 * exporter writes: `promtool check config`, `check rules` and `test rules`
 * where promtool is installed (Debian: apt-get install prometheus), else a
 * YAML parser check of the same structure (said in the test name).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROBE_METRICS } from '@dbtls/fleet';
import { ROOT } from '../harness/cli.js';
import { findBinary } from '../nosql-servers/nosql-servers.js';

const DIR = join(ROOT, 'docs', 'prometheus');
// DBTLS_TEST_NO_PROMTOOL=1 runs the parser fallback on a machine that has promtool.
const PROMTOOL = process.env.DBTLS_TEST_NO_PROMTOOL ? null : findBinary('promtool');
const rules = parse(readFileSync(join(DIR, 'dbtls-alerts.yml'), 'utf8')) as { groups: { name: string; rules: { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[] };
const config = parse(readFileSync(join(DIR, 'prometheus.yml'), 'utf8')) as { rule_files: string[]; scrape_configs: { job_name: string; metrics_path?: string; relabel_configs?: { source_labels?: string[]; target_label: string; replacement?: string }[] }[] };
const EXPORTER_METRICS = ['dbtls_exporter_probes_total', 'dbtls_exporter_probes_rejected_total', 'dbtls_exporter_probes_in_flight', 'dbtls_exporter_probes_waiting', 'dbtls_exporter_probe_slots', 'dbtls_exporter_targets'];

describe('docs/prometheus', () => {
  it('every metric the rules use is one the exporter writes (or up)', () => {
    const known = new Set<string>([...Object.values(PROBE_METRICS), ...EXPORTER_METRICS, 'up']);
    const used = rules.groups.flatMap((g) => g.rules.flatMap((r) => r.expr.match(/\b(?:dbtls_[a-z_]+|up)\b(?=\s*(?:\{|==|<|>|-|\)|$| ))/g) ?? []));
    expect(used.length).toBeGreaterThan(5);
    for (const name of used) expect(known, `${name} in the alerting rules`).toContain(name);
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts).toEqual(['DbtlsCertificateExpiringSoon', 'DbtlsCertificateExpired', 'DbtlsTlsLost', 'DbtlsProbeFailing', 'DbtlsProbeNotAnswered']);
    expect(rules.groups.flatMap((g) => g.rules).find((r) => r.alert === 'DbtlsCertificateExpiringSoon')!.expr).toContain('14 * 86400');
  });

  it('the scrape config probes names through the exporter, multi-target style', () => {
    expect(config.rule_files).toEqual(['dbtls-alerts.yml']);
    const probe = config.scrape_configs.find((s) => s.job_name === 'dbtls')!;
    expect(probe.metrics_path).toBe('/probe');
    expect(probe.relabel_configs).toEqual([
      { source_labels: ['__address__'], target_label: '__param_target' },
      { source_labels: ['__param_target'], target_label: 'instance' },
      { target_label: '__address__', replacement: '127.0.0.1:9187' },
    ]);
  });

  if (PROMTOOL) {
    for (const args of [['check', 'config', 'prometheus.yml'], ['check', 'rules', 'dbtls-alerts.yml'], ['test', 'rules', 'dbtls-alerts.test.yml']]) {
      it(`promtool ${args.join(' ')}`, () => {
        const r = spawnSync(PROMTOOL, args, { cwd: DIR, encoding: 'utf8', timeout: 30_000 });
        expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stdout + r.stderr).toMatch(/SUCCESS/);
      });
    }
  } else {
    it('promtool is not installed (apt-get install prometheus): checked with the YAML parser only', () => {
      console.warn('promtool not found: docs/prometheus checked with the YAML parser only (apt-get install prometheus for promtool check/test).');
      for (const group of rules.groups) {
        for (const r of group.rules) {
          expect(r.alert).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          expect(r.expr.trim().length).toBeGreaterThan(0);
          expect(r.labels.severity).toMatch(/^(warning|critical)$/);
          expect(Object.keys(r.annotations).sort()).toEqual(['description', 'summary']);
          if (r.for) expect(r.for).toMatch(/^\d+[smhd]$/);
          expect(r.expr.split('(').length).toBe(r.expr.split(')').length);
        }
      }
      const tests = parse(readFileSync(join(DIR, 'dbtls-alerts.test.yml'), 'utf8')) as { rule_files: string[]; tests: unknown[] };
      expect(tests.rule_files).toEqual(['dbtls-alerts.yml']);
      expect(tests.tests.length).toBeGreaterThan(0);
    });
  }
});
