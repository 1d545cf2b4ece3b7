// `atrium schema diff`, driven in-process through the CLI entry point.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/checks/', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'atrium-schema-diff-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs `atrium schema diff …` through the real CLI, with the fixtures folder as working directory. */
function schemaDiff(argv: readonly string[], options: { stdin?: string; cwd?: string } = {}) {
  return runCli(['schema', 'diff', ...argv], {
    cwd: options.cwd ?? FIXTURES,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
}

function scratchFile(name: string, content: string): string {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
}

describe('atrium schema diff', () => {
  it('exits 1 on a breaking change and prints a table grouped by severity', async () => {
    const run = await schemaDiff(['old.graphql', 'new-breaking.graphql']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^Schema check failed \(old\.graphql → new-breaking\.graphql\): breaking changes; 1 breaking change, 3 dangerous changes, 1 safe change \(fails on breaking\)/,
    );
    const breaking = run.stdout.slice(
      run.stdout.indexOf('Breaking changes (1)'),
      run.stdout.indexOf('Dangerous changes'),
    );
    expect(breaking).toMatch(/CODE\s+COORDINATE\s+MESSAGE\s+LOCATION/);
    expect(breaking).toMatch(
      /FIELD_REMOVED\s+Product\.price\s+Field 'price' was removed .*\s+old\.graphql:10:3/,
    );
    expect(run.stdout).toMatch(
      /Dangerous changes \(3\)[\s\S]*DEFAULT_VALUE_CHANGED\s+Query\.products\(first:\)/,
    );
    expect(run.stdout).toMatch(/Safe changes \(1\)[\s\S]*FIELD_ADDED\s+Product\.weight/);
  });

  it('exits 0 when every change is safe', async () => {
    const run = await schemaDiff(['old.graphql', 'new-safe.graphql']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Schema check passed .*: 4 safe changes \(fails on breaking\)/);
    expect(run.stdout).not.toMatch(/Breaking changes/);
  });

  it('exits 0 on dangerous changes, and 1 with --fail-on dangerous', async () => {
    const dangerous = scratchFile(
      'dangerous.graphql',
      readFileSync(join(FIXTURES, 'old.graphql'), 'utf8').replace('SOLD_OUT', 'SOLD_OUT\n  PREORDER'),
    );
    expect((await schemaDiff(['old.graphql', dangerous])).code).toBe(0);
    const strict = await schemaDiff(['old.graphql', dangerous, '--fail-on', 'dangerous']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/fails on breaking or dangerous/);
  });

  it('prints the documented JSON report with --json', async () => {
    const run = await schemaDiff(['old.graphql', 'new-breaking.graphql', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      reportVersion: 1,
      passed: false,
      failOn: 'breaking',
      counts: { breaking: 1, dangerous: 3, safe: 1 },
      old: { name: 'old.graphql', kind: 'schema' },
      new: { name: 'new-breaking.graphql', kind: 'schema' },
    });
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        code: 'FIELD_REMOVED',
        severity: 'breaking',
        coordinate: 'Product.price',
        location: { file: 'old.graphql', line: 10, column: 3 },
      }),
    );
  });

  it('reads one side from stdin', async () => {
    const run = await schemaDiff(['-', 'new-safe.graphql', '--json'], {
      stdin: readFileSync(join(FIXTURES, 'old.graphql'), 'utf8'),
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ old: { name: '<stdin>' }, counts: { safe: 4 } });
  });

  it('writes well-formed JUnit XML with --format junit --output', async () => {
    const output = join(workDir, 'report.xml');
    const run = await schemaDiff([
      'old.graphql',
      'new-breaking.graphql',
      '--format',
      'junit',
      '--output',
      output,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Schema check failed/); // the human report still goes to the CI log
    const root = parseXml(readFileSync(output, 'utf8'));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '5', failures: '1' });
    const suite = root.children[0];
    expect(suite?.name).toBe('testsuite');
    const cases = suite?.children ?? [];
    expect(cases.map((c) => c.name)).toEqual(Array(5).fill('testcase'));
    const failed = cases.filter((c) => c.children.some((child) => child.name === 'failure'));
    expect(failed.map((c) => c.attributes)).toEqual([
      {
        classname: 'schema.breaking',
        name: 'FIELD_REMOVED Product.price',
        file: 'test/fixtures/checks/old.graphql', // repository-relative, for CI annotations
        line: '10',
      },
    ]);
    expect(failed[0]?.children[0]?.attributes).toMatchObject({ type: 'FIELD_REMOVED' });
  });

  it('writes SARIF 2.1.0 with rules and located results with --format sarif', async () => {
    const output = join(workDir, 'report.sarif');
    const run = await schemaDiff([
      'old.graphql',
      'new-breaking.graphql',
      '--format',
      'sarif',
      '--output',
      output,
    ]);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(readFileSync(output, 'utf8')) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    const [sarifRun] = sarif.runs;
    const rules = sarifRun?.tool.driver.rules ?? [];
    expect(sarifRun?.tool.driver.name).toBe('atrium');
    expect(rules.map((rule) => rule.id).sort()).toEqual(
      [
        'DEFAULT_VALUE_CHANGED',
        'ENUM_VALUE_ADDED',
        'FIELD_ADDED',
        'FIELD_REMOVED',
        'OPTIONAL_ARG_ADDED',
      ].sort(),
    );
    const results = sarifRun?.results ?? [];
    expect(results).toHaveLength(5);
    for (const result of results) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.message.text).toBeTruthy();
      expect(result.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBeTruthy();
    }
    expect(results.find((result) => result.ruleId === 'FIELD_REMOVED')).toMatchObject({
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'test/fixtures/checks/old.graphql' },
            region: { startLine: 10, startColumn: 3 },
          },
          logicalLocations: [{ fullyQualifiedName: 'Product.price', kind: 'member' }],
        },
      ],
    });
    expect(results.find((result) => result.ruleId === 'OPTIONAL_ARG_ADDED')).toMatchObject({
      level: 'warning',
      locations: [
        { logicalLocations: [{ fullyQualifiedName: 'Query.products(category:)', kind: 'parameter' }] },
      ],
    });
  });

  it('writes JSON or the human report with --output, like `subgraph check` (shared check-output.ts)', async () => {
    const jsonPath = join(workDir, 'report.json');
    const json = await schemaDiff(['old.graphql', 'new-breaking.graphql', '--json', '--output', jsonPath]);
    expect(json.code).toBe(1);
    expect(json.stdout).toMatch(/^Schema check failed/);
    expect(JSON.parse(readFileSync(jsonPath, 'utf8'))).toMatchObject({ counts: { breaking: 1 } });
    const humanPath = join(workDir, 'report.txt');
    const human = await schemaDiff(['old.graphql', 'new-breaking.graphql', '--output', humanPath]);
    expect(human.stdout).toBe(`Report written to ${humanPath}.\n`);
    expect(readFileSync(humanPath, 'utf8')).toMatch(/^Schema check failed/);
    const unwritable = await schemaDiff([
      'old.graphql',
      'new-safe.graphql',
      '--output',
      join(workDir, 'no/such/dir'),
    ]);
    expect(unwritable.code).toBe(2);
  });

  it('compares subgraph SDL files (federation directives need no definitions)', async () => {
    const run = await schemaDiff(['subgraph-old.graphql', 'subgraph-new.graphql', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      changes: { code: string; coordinate: string }[];
      old: { kind: string };
    };
    expect(report.old.kind).toBe('subgraph');
    expect(report.changes.map(({ code, coordinate }) => `${code} ${coordinate}`)).toEqual([
      'FIELD_REMOVED Product.cost',
    ]);
  });

  describe('usage errors exit 2', () => {
    it('an SDL that does not parse, with file:line:column', async () => {
      const run = await schemaDiff(['old.graphql', 'unparsable.graphql']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^error: unparsable\.graphql does not parse:\n {2}unparsable\.graphql:7:8: Syntax Error/,
      );
    });

    it('an SDL that does not validate, as JSON with --json', async () => {
      const run = await schemaDiff(['invalid.graphql', 'old.graphql', '--json']);
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout)).toEqual({
        error: {
          code: 'INVALID_SDL',
          message: 'invalid.graphql does not validate: Unknown type "User".',
          files: [
            {
              file: 'invalid.graphql',
              stage: 'validate',
              errors: [{ message: 'Unknown type "User".', locations: [{ line: 7, column: 10 }] }],
            },
          ],
        },
      });
    });

    it.each([
      ['a missing file', ['old.graphql', 'missing.graphql']],
      ['an unknown format', ['old.graphql', 'new-safe.graphql', '--format', 'xml']],
      ['--json with another format', ['old.graphql', 'new-safe.graphql', '--json', '--format', 'sarif']],
      ['both sides from stdin', ['-', '-']],
      ['a missing argument', ['old.graphql']],
    ])('%s', async (_, argv) => {
      expect((await schemaDiff(argv)).code).toBe(2);
    });
  });
});

interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
    }[];
  }[];
}

interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
}

/** A minimal XML reader for the JUnit report: checks the prolog and that every element is closed in order. */
function parseXml(xml: string): XmlElement {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|<\?[^>]*\?>|([^<]+)/g;
  for (const match of xml.matchAll(tag)) {
    const [, closing, name, attributeText, selfClosing, text] = match;
    if (text !== undefined) {
      if (text.includes('>') || /&(?!amp;|lt;|gt;|quot;|apos;)/.test(text))
        throw new Error(`bad text: ${text}`);
      continue;
    }
    if (!name) continue;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of (attributeText ?? '').matchAll(/([\w-]+)="([^"]*)"/g)) {
      if (key !== undefined) attributes[key] = value ?? '';
    }
    const element: XmlElement = { name, attributes, children: [] };
    stack.at(-1)?.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0] as XmlElement;
}
