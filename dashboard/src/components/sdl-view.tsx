import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { highlightLines, type Piece } from './sdl-tokens';

const LINE_HEIGHT = 20;

function renderLine(pieces: readonly Piece[], query: string) {
  if (query === '')
    return pieces.map((piece, i) => (
      <span key={i} className={piece.kind}>
        {piece.text}
      </span>
    ));
  const lowered = query.toLowerCase();
  return pieces.map((piece, i) => {
    const at = piece.text.toLowerCase().indexOf(lowered);
    if (at < 0)
      return (
        <span key={i} className={piece.kind}>
          {piece.text}
        </span>
      );
    return (
      <span key={i} className={piece.kind}>
        {piece.text.slice(0, at)}
        <mark>{piece.text.slice(at, at + query.length)}</mark>
        {piece.text.slice(at + query.length)}
      </span>
    );
  });
}

/**
 * SDL with syntax highlighting and search, virtualised: only the lines on screen are in the DOM, so a 1 MB SDL
 * (tens of thousands of lines) scrolls and searches without freezing.
 */
export function SdlView({ sdl, label, height = 560 }: { sdl: string; label: string; height?: number }) {
  const lines = useMemo(() => highlightLines(sdl), [sdl]);
  const texts = useMemo(() => sdl.split('\n'), [sdl]);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const matches = useMemo(() => {
    if (query === '') return [];
    const lowered = query.toLowerCase();
    const found: number[] = [];
    texts.forEach((text, index) => {
      if (text.toLowerCase().includes(lowered)) found.push(index);
    });
    return found;
  }, [texts, query]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });
  useEffect(() => {
    const line = matches[current];
    if (line !== undefined) virtualizer.scrollToIndex(line, { align: 'center' });
  }, [matches, current, virtualizer]);
  const searchId = useId();
  const step = (delta: number) => {
    if (matches.length === 0) return;
    setCurrent((n) => (n + delta + matches.length) % matches.length);
  };
  return (
    <div className="sdl">
      <div className="toolbar">
        <label htmlFor={searchId}>Search {label}</label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setCurrent(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') step(event.shiftKey ? -1 : 1);
          }}
        />
        <span aria-live="polite" className="muted">
          {query === ''
            ? `${lines.length} lines`
            : `${matches.length === 0 ? 0 : current + 1} of ${matches.length}`}
        </span>
        <button type="button" onClick={() => step(-1)} disabled={matches.length === 0}>
          Previous
        </button>
        <button type="button" onClick={() => step(1)} disabled={matches.length === 0}>
          Next
        </button>
      </div>
      <div
        ref={scroller}
        className="sdl-scroll"
        style={{ height }}
        tabIndex={0}
        role="region"
        aria-label={`SDL of ${label}`}
      >
        <pre style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => (
            <code
              key={item.key}
              className={matches[current] === item.index ? 'line current' : 'line'}
              style={{ transform: `translateY(${item.start}px)`, height: LINE_HEIGHT }}
              data-line={item.index + 1}
            >
              <span className="lineno" aria-hidden="true">
                {item.index + 1}
              </span>
              {renderLine(lines[item.index] ?? [], query)}
            </code>
          ))}
        </pre>
      </div>
    </div>
  );
}
