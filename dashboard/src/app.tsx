import { useEffect, useRef, type ReactNode } from 'react';
import { SessionProvider, useSessionState } from './api/session';
import { AuditPage } from './pages/audit';
import { CheckPage, ChecksPage } from './pages/checks';
import { ClientsPage, ClientVersionPage } from './pages/clients';
import { ExplorerPage } from './pages/explorer';
import { GraphsPage } from './pages/graphs';
import { DiffPage, HistoryPage } from './pages/history';
import { SignIn } from './pages/sign-in';
import { SubgraphPage, SubgraphsPage } from './pages/subgraphs';
import { DenialsPage, DeprecationsPage, UsagePage } from './pages/usage';
import type { VariantRef } from './pages/variant-ref';
import { Link, match, segment, useLocation } from './router';

const TABS: readonly [path: string, label: string][] = [
  ['', 'Subgraphs'],
  ['/history', 'History'],
  ['/checks', 'Checks'],
  ['/explorer', 'Explorer'],
  ['/usage', 'Usage'],
  ['/deprecations', 'Deprecations'],
  ['/denials', 'Denials'],
  ['/clients', 'Clients'],
  ['/audit', 'Audit log'],
];

function VariantNav({ at, path }: { at: VariantRef; path: string }) {
  const rest = path.slice(at.base.length);
  return (
    <nav aria-label={`${at.graph}@${at.variant}`} className="tabs">
      {TABS.map(([tab, label]) => {
        const current = tab === '' ? rest === '' || rest.startsWith('/subgraphs') : rest.startsWith(tab);
        return (
          <Link key={tab} to={`${at.base}${tab}`} aria-current={current ? 'page' : undefined}>
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

function variantPage(at: VariantRef, rest: string, search: URLSearchParams): ReactNode {
  let params: Record<string, string> | null;
  if (rest === '' || rest === '/subgraphs') return <SubgraphsPage at={at} />;
  if ((params = match('/subgraphs/:name', rest))) return <SubgraphPage at={at} name={params.name ?? ''} />;
  if (rest === '/history') return <HistoryPage at={at} />;
  if (rest === '/history/diff')
    return <DiffPage at={at} from={search.get('from') ?? ''} to={search.get('to') ?? ''} />;
  if (rest === '/checks') return <ChecksPage at={at} />;
  if ((params = match('/checks/:id', rest)))
    return <CheckPage key={params.id} at={at} id={params.id ?? ''} />;
  if (rest === '/explorer') return <ExplorerPage at={at} initial={search.get('coordinate')} />;
  if (rest === '/usage') {
    const coordinate = search.get('coordinate');
    return <UsagePage key={coordinate ?? ''} at={at} coordinate={coordinate} />;
  }
  if (rest === '/deprecations') return <DeprecationsPage at={at} />;
  if (rest === '/denials') return <DenialsPage at={at} />;
  if (rest === '/clients') return <ClientsPage at={at} />;
  if ((params = match('/clients/:client/:version', rest)))
    return <ClientVersionPage at={at} client={params.client ?? ''} version={params.version ?? ''} />;
  if (rest === '/audit') return <AuditPage at={at} />;
  return <NotFound />;
}

function NotFound() {
  return (
    <section>
      <h2>Not found</h2>
      <p>
        <Link to="/">Back to the graphs</Link>
      </p>
    </section>
  );
}

function Pages() {
  const { path, search } = useLocation();
  const { session, signOut } = useSessionState();
  // After a navigation, focus moves to the new page's heading, so keyboard and screen-reader users start there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h2')?.focus();
  }, [path]);
  if (!session) return <SignIn />;
  const variant = /^\/graphs\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  let content: ReactNode;
  let at: VariantRef | null = null;
  if (path === '/' || path === '' || path === '/graphs') content = <GraphsPage />;
  else if (variant) {
    const graph = decodeURIComponent(variant[1] ?? '');
    const name = decodeURIComponent(variant[2] ?? '');
    at = { graph, variant: name, base: `/graphs/${segment(graph)}/${segment(name)}` };
    content = variantPage(at, (variant[3] ?? '').replace(/\/$/, ''), search);
  } else content = <NotFound />;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <h1>
          <Link to="/">Atrium registry</Link>
        </h1>
        {at && (
          <span className="ref" data-testid="graph-ref">
            {at.graph}@{at.variant}
          </span>
        )}
        <span className="who" data-testid="whoami">
          {session.whoami.name} · {session.whoami.role}
          {session.whoami.team && ` · team ${session.whoami.team}`}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      {at && <VariantNav at={at} path={path} />}
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Pages />
    </SessionProvider>
  );
}
