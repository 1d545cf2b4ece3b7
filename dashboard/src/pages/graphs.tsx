import { useApi } from '../api/session';
import type { GraphSummary } from '../api/types';
import { formatTime, PageTitle, Show } from '../components/common';
import { Link, segment } from '../router';

export function GraphsPage() {
  const load = useApi<{ graphs: GraphSummary[] }>('/v1/graphs');
  return (
    <section>
      <PageTitle>Graphs</PageTitle>
      <Show load={load}>
        {({ graphs }) =>
          graphs.length === 0 ? (
            <p>
              No graphs yet: <code>atrium graph create NAME</code>.
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Graph</th>
                  <th scope="col">Variants</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {graphs.map((graph) => (
                  <tr key={graph.name}>
                    <th scope="row">{graph.name}</th>
                    <td>
                      {graph.variants.length === 0 && <span className="muted">none yet</span>}
                      {graph.variants.map((variant) => (
                        <Link
                          key={variant}
                          className="chip"
                          to={`/graphs/${segment(graph.name)}/${segment(variant)}`}
                        >
                          {graph.name}@{variant}
                        </Link>
                      ))}
                    </td>
                    <td>{formatTime(graph.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
