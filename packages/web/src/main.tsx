import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/api-client.js';
import { queries } from './api/queries.js';
import { AppRoutes } from './app/app-routes.js';
import { historyQuery } from './components/history-query.js';
import { DEFAULT_PLOTTED, metricKeys } from './components/metric-keys.js';
import 'uplot/dist/uPlot.min.css';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A 4xx will not get better by asking again; network trouble might.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// A workspace URL needs the run list and then the plots' history: ask for them at once rather than
// after the viewer and each render (a 401 here is harmless; the page asks again after sign-in).
const [team, project, more] = window.location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
if (team && project && more === undefined && team !== 'registries' && project !== 'settings') {
  void queryClient.fetchQuery(queries.runs(team, project)).then(
    (runs) => {
      const plotted = runs.slice(0, DEFAULT_PLOTTED);
      for (const key of metricKeys(runs))
        void queryClient.prefetchQuery(historyQuery(team, project, key, plotted, null));
    },
    () => undefined,
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
