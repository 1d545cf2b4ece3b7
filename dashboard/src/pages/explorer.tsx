import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { variantPath } from '../api/client';
import { useApi } from '../api/session';
import type { FieldUsage, FieldUsageTimeline, SupergraphVersion } from '../api/types';
import { PageTitle, Show } from '../components/common';
import { RowSparkline, Sparkline } from '../components/usage-chart';
import { useRowUsage } from '../api/row-usage';
import { Link } from '../router';
import { schemaElements, type SchemaElement } from '../schema/supergraph-model';
import type { VariantRef } from './variant-ref';

const ROW_HEIGHT = 30;

function FieldDetail({ at, element }: { at: VariantRef; element: SchemaElement }) {
  const usable = element.kind !== 'type';
  const encoded = encodeURIComponent(element.coordinate);
  const base = `${variantPath(at.graph, at.variant)}/usage/fields/${encoded}`;
  const usage = useApi<FieldUsage>(usable ? `${base}?period=30d` : null);
  const timeline = useApi<FieldUsageTimeline>(usable ? `${base}/timeline?period=30d` : null);
  return (
    <aside className="detail" aria-label={`Details of ${element.coordinate}`} data-testid="explorer-detail">
      <h3>
        <code>{element.coordinate}</code>
      </h3>
      <p>
        <span className="badge">{element.kind === 'type' ? element.typeKind : element.kind}</span>{' '}
        {element.signature && <code>{element.signature}</code>}
      </p>
      {element.description && <p>{element.description}</p>}
      {element.deprecated && (
        <p className="note">
          <strong>Deprecated:</strong> {element.deprecated}
        </p>
      )}
      <dl className="facts">
        <dt>Subgraphs</dt>
        <dd>{element.subgraphs.length > 0 ? element.subgraphs.join(', ') : '—'}</dd>
        <dt>Access and cost</dt>
        <dd>
          {element.directives.length === 0
            ? 'none'
            : element.directives.map((directive) => (
                <code key={directive} className="directive">
                  {directive}
                </code>
              ))}
        </dd>
      </dl>
      {usable && (
        <>
          <h4>Usage, 30 days</h4>
          <Show load={usage}>
            {(report) => (
              <p data-testid="explorer-usage-total">
                {report.total} requests by {report.clients.length} client version
                {report.clients.length === 1 ? '' : 's'}
              </p>
            )}
          </Show>
          {timeline.data && <Sparkline timeline={timeline.data} />}
          <p>
            <Link to={`${at.base}/usage?coordinate=${encoded}`}>Usage by client and version</Link>
          </p>
        </>
      )}
    </aside>
  );
}

/**
 * Types and fields of the current supergraph, searchable by coordinate, virtualised: a 5,000-field graph keeps a
 * few dozen rows in the DOM. Arrow keys move through the list; Enter shows the details.
 */
export function ExplorerPage({ at, initial }: { at: VariantRef; initial: string | null }) {
  const load = useApi<SupergraphVersion>(`${variantPath(at.graph, at.variant)}/supergraph`);
  return (
    <section>
      <PageTitle>Schema explorer</PageTitle>
      <Show load={load}>
        {(supergraph) => <Explorer at={at} sdl={supergraph.supergraphSdl} initial={initial} />}
      </Show>
    </section>
  );
}

function Explorer({ at, sdl, initial }: { at: VariantRef; sdl: string; initial: string | null }) {
  const elements = useMemo(() => schemaElements(sdl), [sdl]);
  const [query, setQuery] = useState(initial ?? '');
  const [deprecatedOnly, setDeprecatedOnly] = useState(false);
  const deferred = useDeferredValue(query);
  const visible = useMemo(() => {
    const lowered = deferred.trim().toLowerCase();
    return elements.filter(
      (element) =>
        (!deprecatedOnly || element.deprecated !== null) &&
        (lowered === '' || element.coordinate.toLowerCase().includes(lowered)),
    );
  }, [elements, deferred, deprecatedOnly]);
  const [selected, setSelected] = useState<string | null>(initial);
  const [active, setActive] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const onScreen = virtualizer
    .getVirtualItems()
    .map((item) => visible[item.index])
    .flatMap((element) => (element && element.kind !== 'type' ? [element.coordinate] : []));
  const rowUsage = useRowUsage(at.graph, at.variant, onScreen);
  const searchId = useId();
  const listId = useId();
  const fields = elements.filter((element) => element.kind !== 'type').length;
  const selectedElement = elements.find((element) => element.coordinate === selected) ?? null;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.min(visible.length - 1, Math.max(0, active + (event.key === 'ArrowDown' ? 1 : -1)));
      setActive(next);
      virtualizer.scrollToIndex(next);
    } else if (event.key === 'Enter') {
      const element = visible[active];
      if (element) setSelected(element.coordinate);
    }
  };
  return (
    <div className="explorer">
      <div className="explorer-list">
        <div className="toolbar">
          <label htmlFor={searchId}>Search by coordinate</label>
          <input
            id={searchId}
            type="search"
            value={query}
            placeholder="Product.price"
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            aria-controls={listId}
          />
          <label>
            <input
              type="checkbox"
              checked={deprecatedOnly}
              onChange={(event) => setDeprecatedOnly(event.target.checked)}
            />{' '}
            deprecated only
          </label>
          <span className="muted" aria-live="polite" data-testid="explorer-count">
            {visible.length} of {elements.length} ({fields} fields)
          </span>
        </div>
        <div
          ref={scroller}
          className="list-scroll"
          id={listId}
          role="listbox"
          aria-label="Types and fields"
          tabIndex={0}
          onKeyDown={onKeyDown}
          aria-activedescendant={visible[active] ? `el-${active}` : undefined}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const element = visible[item.index];
              if (!element) return null;
              return (
                <div
                  key={element.coordinate}
                  id={`el-${item.index}`}
                  role="option"
                  aria-selected={element.coordinate === selected}
                  className={`row ${element.kind === 'type' ? 'type-row' : ''} ${item.index === active ? 'active' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => {
                    setActive(item.index);
                    setSelected(element.coordinate);
                  }}
                >
                  <code>{element.coordinate}</code>
                  {element.signature && element.kind !== 'type' && (
                    <span className="muted">: {element.signature}</span>
                  )}
                  {element.deprecated && <span className="badge sev-dangerous">deprecated</span>}
                  {element.directives.map((directive) => (
                    <span key={directive} className="badge">
                      {directive.split('(')[0]}
                    </span>
                  ))}
                  {rowUsage.frame && rowUsage.usage.has(element.coordinate) && (
                    <RowSparkline frame={rowUsage.frame} timeline={rowUsage.usage.get(element.coordinate)!} />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {selectedElement ? (
        <FieldDetail key={selectedElement.coordinate} at={at} element={selectedElement} />
      ) : (
        <aside className="detail muted">Select a type or field to see its details and usage.</aside>
      )}
    </div>
  );
}
