import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { ApiError } from '../api/api-client.js';
import { queries } from '../api/queries.js';
import { ErrorBox, Loading } from '../components/status-views.js';
import { HomePage } from '../pages/home-page.js';
import { SignInPage } from '../pages/sign-in-page.js';
import { WorkspacePage } from '../pages/workspace-page.js';
import { AppShell } from './app-shell.js';

// Pages beyond the workspace load on first use, so the workspace's plots come up sooner.
const ArtifactsPage = lazy(() =>
  import('../pages/artifacts-page.js').then((m) => ({ default: m.ArtifactsPage })),
);
const AutomationsPage = lazy(() =>
  import('../pages/automations-page.js').then((m) => ({ default: m.AutomationsPage })),
);
const RegistryPage = lazy(() =>
  import('../pages/registry-page.js').then((m) => ({ default: m.RegistryPage })),
);
const AutomationLinkPage = lazy(() =>
  import('../pages/automation-link-page.js').then((m) => ({ default: m.AutomationLinkPage })),
);
const RunPage = lazy(() => import('../pages/run-page.js').then((m) => ({ default: m.RunPage })));
const TeamSettingsPage = lazy(() =>
  import('../settings/team-settings-page.js').then((m) => ({ default: m.TeamSettingsPage })),
);

/** The routes of the UI; each mirrors the URL of what it shows (`/:team/:project/runs/:runId`). */
export function AppRoutes() {
  const viewer = useQuery(queries.viewer());
  if (viewer.isPending) return <Loading what="Starting Bellwether" />;
  if (viewer.error instanceof ApiError && viewer.error.status === 401) return <SignInPage />;
  if (viewer.error || !viewer.data) return <ErrorBox error={viewer.error} />;
  return (
    <AppShell viewer={viewer.data}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/automations/:automationId" element={<AutomationLinkPage />} />
          <Route path="/registries/:registry" element={<RegistryPage />} />
          <Route path="/registries/:registry/automations" element={<RegistryPage tab="automations" />} />
          <Route
            path="/registries/:registry/automations/:automationId"
            element={<RegistryPage tab="automations" />}
          />
          <Route path="/:team/settings" element={<TeamSettingsPage />} />
          <Route path="/:team/:project" element={<WorkspacePage />} />
          <Route path="/:team/:project/runs/:runId" element={<RunPage />} />
          <Route path="/:team/:project/automations" element={<AutomationsPage />} />
          <Route path="/:team/:project/automations/:automationId" element={<AutomationsPage />} />
          <Route path="/:team/:project/artifacts" element={<ArtifactsPage />} />
          <Route path="*" element={<HomePage />} />
        </Routes>
      </Suspense>
    </AppShell>
  );
}
