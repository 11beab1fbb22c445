import { describe, expect, it } from 'vitest';
import { validateProfilerMetadata, validateReport, validateRunManifest } from '../../src/contracts/validate.js';
import { reportExample, runManifestExample } from '../helpers/report-example.js';

describe('report contract', () => {
  it('accepts a complete v1 report', () => {
    const result = validateReport(reportExample());
    expect(result.errors).toEqual([]);
    expect(result.report?.schemaVersion).toBe(1);
  });

  it('accepts null for every figure the data cannot support', () => {
    const report = reportExample();
    report.latency.cold = { avgMs: null, p50Ms: null, p90Ms: null, p99Ms: null };
    report.coldStart.avgInitMs = null;
    report.imports = { count: null, totalMs: null, largest: null, modules: [] };
    report.memory.utilizationPct = null;
    expect(validateReport(report).valid).toBe(true);
  });

  it('names the field of each violation', () => {
    const report = reportExample() as unknown as Record<string, unknown>;
    delete report.notes;
    (report.errors as Record<string, unknown>).ratePct = 140;
    const result = validateReport(report);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain("/: must have required property 'notes'");
    expect(result.errors.some((e) => e.startsWith('/errors/ratePct'))).toBe(true);
  });

  it('rejects a recommendation id that is not a stable kebab-case id', () => {
    const report = reportExample();
    report.recommendations[0]!.id = 'HTTP Keep Alive';
    expect(validateReport(report).valid).toBe(false);
  });

  it('rejects more than five bottlenecks and schemaVersion 2', () => {
    const report = reportExample();
    report.bottlenecks = Array.from({ length: 6 }, () => report.bottlenecks[0]!);
    expect(validateReport(report).valid).toBe(false);
    expect(validateReport({ ...reportExample(), schemaVersion: 2 }).valid).toBe(false);
  });

  it('rejects a malformed ISO time', () => {
    const report = reportExample();
    report.sample.from = 'yesterday';
    expect(validateReport(report).errors[0]).toMatch(/^\/sample\/from: must match format/);
  });
});

describe('run folder contract', () => {
  it('accepts a run.json as run writes it', () => {
    expect(validateRunManifest(runManifestExample()).errors).toEqual([]);
  });

  it('rejects an environment whose name is not log-stream style', () => {
    const manifest = runManifestExample();
    manifest.environments[0]!.logStream = 'env-1';
    expect(validateRunManifest(manifest).valid).toBe(false);
  });

  it('rejects a run that claims CPU scaled to memory', () => {
    const manifest = { ...runManifestExample(), cpuScaledToMemory: true };
    expect(validateRunManifest(manifest).valid).toBe(false);
  });

  it('rejects a handler given as an absolute path', () => {
    const manifest = runManifestExample();
    manifest.function.handler = '/srv/app/handler.handler';
    expect(validateRunManifest(manifest).valid).toBe(false);
  });
});

describe('metadata contract, as bundled into the CLI', () => {
  it('validates the middleware namespace object', () => {
    expect(
      validateProfilerMetadata({ details: { v: 1, kind: 'details', requestId: 'r', spans: [], calls: [] } }).valid,
    ).toBe(true);
    expect(validateProfilerMetadata({ details: { v: 1, kind: 'details' } }).valid).toBe(false);
  });
});
