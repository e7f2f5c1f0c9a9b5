// Routes of the console, under /admin/ (the server answers index.html for every route).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { LoginPage } from '../auth/LoginPage';
import { errorCode } from '../components/ErrorNotice';
import { i18n } from '../i18n';
import { CoursesPage } from '../screens/courses/CoursesPage';
import { ExperimentsPage } from '../screens/experiments/ExperimentsPage';
import { ModerationLogPage } from '../screens/moderationLog/ModerationLogPage';
import { ModerationQueuePage } from '../screens/moderation/ModerationQueuePage';
import { RewardsPage } from '../screens/rewards/RewardsPage';
import { ThreadsPage } from '../screens/threads/ThreadsPage';
import { UserDetailPage } from '../screens/users/UserDetailPage';
import { UsersPage } from '../screens/users/UsersPage';
import { Layout, SignedOutFrame } from './Layout';

// Refusals are final; only failures that may pass (network, overload) are retried.
const RETRIED = new Set(['NETWORK_ERROR', 'UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL']);

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => count < 2 && RETRIED.has(errorCode(error) ?? ''),
        staleTime: 15_000,
        refetchOnWindowFocus: false,
      },
    },
  });
}

export const routes = [
  {
    path: '/login',
    element: (
      <SignedOutFrame>
        <LoginPage />
      </SignedOutFrame>
    ),
  },
  {
    path: '/',
    element: <Layout />,
    children: [
      // The two chart screens load chart.js on demand.
      { index: true, lazy: async () => ({ Component: (await import('../screens/dashboard/DashboardPage')).DashboardPage }) },
      { path: 'moderation', element: <ModerationQueuePage /> },
      { path: 'moderation/log', element: <ModerationLogPage /> },
      { path: 'threads', element: <ThreadsPage /> },
      { path: 'courses', element: <CoursesPage /> },
      { path: 'rewards', element: <RewardsPage /> },
      {
        path: 'recommendations',
        lazy: async () => ({ Component: (await import('../screens/recommendations/RecommendationsPage')).RecommendationsPage }),
      },
      { path: 'experiments', element: <ExperimentsPage /> },
      { path: 'users', element: <UsersPage /> },
      { path: 'users/:id', element: <UserDetailPage /> },
    ],
  },
];

export function App({ basename = '/admin' }: { basename?: string }) {
  const [router] = useState(() => createBrowserRouter(routes, { basename }));
  const [queryClient] = useState(createQueryClient);
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nextProvider>
  );
}
