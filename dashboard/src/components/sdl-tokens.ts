import { Lexer, Source, TokenKind, type Token } from 'graphql';

/** A highlighted piece of one line: its text and the CSS class of its token kind ('' for plain text). */
export interface Piece {
  readonly text: string;
  readonly kind: string;
}

const KEYWORDS = new Set([
  'type',
  'interface',
  'union',
  'enum',
  'input',
  'scalar',
  'schema',
  'extend',
  'directive',
  'implements',
  'on',
  'repeatable',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'true',
  'false',
  'null',
]);

interface Span {
  start: number;
  end: number;
  kind: string;
}

const KIND_CLASSES: ReadonlyMap<string, string> = new Map<string, string>([
  [TokenKind.COMMENT, 'tok-comment'],
  [TokenKind.STRING, 'tok-string'],
  [TokenKind.BLOCK_STRING, 'tok-string'],
  [TokenKind.INT, 'tok-number'],
  [TokenKind.FLOAT, 'tok-number'],
  [TokenKind.AT, 'tok-directive'],
]);

function classOf(token: Token, previous: Token | null): string {
  if (token.kind !== TokenKind.NAME) return KIND_CLASSES.get(token.kind) ?? 'tok-punct';
  if (previous?.kind === TokenKind.AT) return 'tok-directive';
  if (KEYWORDS.has(token.value)) return 'tok-keyword';
  return /^[A-Z]/.test(token.value) ? 'tok-type' : 'tok-name';
}

/**
 * Splits SDL into lines of highlighted pieces with graphql-js's own lexer, once per text (a 1 MB SDL lexes in a
 * few tens of milliseconds). Text the lexer cannot read (a syntax error) is shown plain from there on.
 */
export function highlightLines(sdl: string): Piece[][] {
  const spans: Span[] = [];
  try {
    const lexer = new Lexer(new Source(sdl));
    let previous: Token | null = null;
    let walked: Token = lexer.token;
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      // Comments are linked in the token chain but skipped by advance(): walk the chain to see them.
      for (let t = walked.next; t && t !== token; t = t.next) {
        spans.push({ start: t.start, end: t.end, kind: classOf(t, null) });
      }
      spans.push({ start: token.start, end: token.end, kind: classOf(token, previous) });
      previous = token;
      walked = token;
    }
  } catch {
    // Keep what was lexed; the rest is plain.
  }
  const lines: Piece[][] = [];
  let line: Piece[] = [];
  let position = 0;
  const pushText = (text: string, kind: string) => {
    const parts = text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) {
        lines.push(line);
        line = [];
      }
      if (part !== '') line.push({ text: part, kind });
    });
  };
  for (const span of spans) {
    if (span.start > position) pushText(sdl.slice(position, span.start), '');
    pushText(sdl.slice(span.start, span.end), span.kind);
    position = span.end;
  }
  pushText(sdl.slice(position), '');
  lines.push(line);
  return lines;
}
