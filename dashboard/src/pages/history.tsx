import { useId, useState, type FormEvent } from 'react';
import { variantPath } from '../api/client';
import { useApi } from '../api/session';
import type { ChangelogEntry, SupergraphDiff, VersionSummary } from '../api/types';
import { ChangeList } from '../components/change-list';
import { Counts, formatTime, PageTitle, Show } from '../components/common';
import { SdlView } from '../components/sdl-view';
import { navigate } from '../router';
import type { VariantRef } from './variant-ref';

function changeText(version: VersionSummary | ChangelogEntry): string {
  const { change } = version;
  const names = change.subgraphs?.join(', ') ?? change.subgraph;
  return `${change.action} ${names}`;
}

/** Every version with publisher, time and changelog; pick two to diff. */
export function HistoryPage({ at }: { at: VariantRef }) {
  const load = useApi<{ versions: ChangelogEntry[] }>(`${variantPath(at.graph, at.variant)}/changelog`);
  const fromId = useId();
  const toId = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const newest = load.data ? Math.max(...load.data.versions.map((v) => v.version)) : 0;
  // Unless chosen otherwise: the newest version against the one before it.
  const chosenFrom = from === '' ? String(Math.max(1, newest - 1)) : from;
  const chosenTo = to === '' ? String(newest) : to;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`${at.base}/history/diff?from=${chosenFrom}&to=${chosenTo}`);
  };
  return (
    <section>
      <PageTitle>Supergraph history</PageTitle>
      <Show load={load}>
        {({ versions }) => {
          const newestFirst = [...versions].sort((a, b) => b.version - a.version);
          return (
            <>
              <form className="toolbar" onSubmit={submit} aria-label="Compare two versions">
                <label htmlFor={fromId}>From version</label>
                <select id={fromId} value={chosenFrom} onChange={(e) => setFrom(e.target.value)}>
                  {newestFirst.map((v) => (
                    <option key={v.version} value={v.version}>
                      {v.version}
                    </option>
                  ))}
                </select>
                <label htmlFor={toId}>to version</label>
                <select id={toId} value={chosenTo} onChange={(e) => setTo(e.target.value)}>
                  {newestFirst.map((v) => (
                    <option key={v.version} value={v.version}>
                      {v.version}
                    </option>
                  ))}
                </select>
                <button type="submit" disabled={versions.length === 0}>
                  Compare
                </button>
              </form>
              <ol className="history" reversed>
                {newestFirst.map((entry) => (
                  <li key={entry.version}>
                    <h3>
                      Version {entry.version} <span className="muted">· {changeText(entry)}</span>
                    </h3>
                    <p className="muted">
                      {formatTime(entry.createdAt)} by {entry.publishedBy}
                      {entry.git?.commit && ` · commit ${entry.git.commit.slice(0, 10)}`}
                      {entry.git?.branch && ` · ${entry.git.branch}`}
                    </p>
                    <details>
                      <summary>
                        {entry.changes.length} change{entry.changes.length === 1 ? '' : 's'}
                      </summary>
                      <ChangeList changes={entry.changes} caption={`Changelog of version ${entry.version}`} />
                    </details>
                  </li>
                ))}
              </ol>
            </>
          );
        }}
      </Show>
    </section>
  );
}

/** The classified change list between two versions, and their API schemas side by side. */
export function DiffPage({ at, from, to }: { at: VariantRef; from: string; to: string }) {
  const load = useApi<SupergraphDiff>(
    `${variantPath(at.graph, at.variant)}/supergraph/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
  );
  return (
    <section>
      <PageTitle>
        Diff of version {from} → {to}
      </PageTitle>
      <Show load={load}>
        {(diff) => (
          <>
            <p>
              <Counts counts={diff.counts} />
            </p>
            <p className="muted">
              {diff.from.version}: {formatTime(diff.from.createdAt)} by {diff.from.publishedBy} ·{' '}
              {diff.to.version}: {formatTime(diff.to.createdAt)} by {diff.to.publishedBy}
            </p>
            <ChangeList changes={diff.changes} caption={`Changes from version ${from} to ${to}`} />
            <h3>API schema, side by side</h3>
            <div className="side-by-side">
              <div>
                <h4>Version {diff.from.version}</h4>
                <SdlView sdl={diff.fromApiSdl} label={`version ${diff.from.version}`} height={480} />
              </div>
              <div>
                <h4>Version {diff.to.version}</h4>
                <SdlView sdl={diff.toApiSdl} label={`version ${diff.to.version}`} height={480} />
              </div>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
