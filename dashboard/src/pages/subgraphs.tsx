import { variantPath } from '../api/client';
import { useApi } from '../api/session';
import type { Subgraph } from '../api/types';
import { formatTime, PageTitle, Show } from '../components/common';
import { SdlView } from '../components/sdl-view';
import { Link, segment } from '../router';
import type { VariantRef } from './variant-ref';

export function SubgraphsPage({ at }: { at: VariantRef }) {
  const load = useApi<{ subgraphs: Subgraph[] }>(`${variantPath(at.graph, at.variant)}/subgraphs`);
  return (
    <section>
      <PageTitle>Subgraphs</PageTitle>
      <Show load={load}>
        {({ subgraphs }) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Subgraph</th>
                <th scope="col">Routing URL</th>
                <th scope="col">Owner team</th>
                <th scope="col">Last publish</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {subgraphs.map((subgraph) => (
                <tr key={subgraph.name}>
                  <th scope="row">
                    <Link to={`${at.base}/subgraphs/${segment(subgraph.name)}`}>{subgraph.name}</Link>
                  </th>
                  <td>
                    <code>{subgraph.routingUrl}</code>
                  </td>
                  <td>{subgraph.ownerTeam ?? <span className="muted">none</span>}</td>
                  <td>{formatTime(subgraph.updatedAt)}</td>
                  <td>{subgraph.publishedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
    </section>
  );
}

export function SubgraphPage({ at, name }: { at: VariantRef; name: string }) {
  const load = useApi<{ subgraph: Subgraph & { sdl: string } }>(
    `${variantPath(at.graph, at.variant)}/subgraphs/${encodeURIComponent(name)}`,
  );
  return (
    <section>
      <PageTitle>Subgraph {name}</PageTitle>
      <Show load={load}>
        {({ subgraph }) => (
          <>
            <dl className="facts">
              <dt>Routing URL</dt>
              <dd>
                <code>{subgraph.routingUrl}</code>
              </dd>
              <dt>Owner team</dt>
              <dd>
                {subgraph.ownerTeam ?? 'none'}
                {subgraph.ownerContact && ` (${subgraph.ownerContact})`}
              </dd>
              <dt>Last publish</dt>
              <dd>
                {formatTime(subgraph.updatedAt)} by {subgraph.publishedBy}
              </dd>
              <dt>SDL hash</dt>
              <dd>
                <code>{subgraph.sdlHash.slice(0, 16)}</code>
              </dd>
            </dl>
            <SdlView sdl={subgraph.sdl} label={`subgraph ${subgraph.name}`} />
          </>
        )}
      </Show>
    </section>
  );
}
