// Threads: search and filter, then curate one or many at once (pin, feature, lock, hide,
// move, retag and their undos, one transaction per thread, results per thread), or merge a
// thread into another / close it as a duplicate. Every action asks for confirmation.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice, knownCode } from '../../components/ErrorNotice';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useDebouncedParam, useUrlFilters } from '../../components/urlState';
import { call } from '../../gql/api';
import type { AdminThreadsQuery, CurationAction, PinScope, ThreadKind, ThreadOrderBy } from '../../gql/generated/graphql';
import { CoursePicker } from './CoursePicker';
import { CLOSE_AS_DUPLICATE, CURATE_THREADS, MERGE_THREADS, THREADS } from './operations';

type Thread = AdminThreadsQuery['threads']['nodes'][number];
type Outcome = { threadId: string; title: string; error?: { code: string; message: string } };
type Pending =
  | { kind: 'curate'; action: CurationAction; ids: string[] }
  | { kind: 'merge' | 'duplicate'; id: string; targetId: string };

const ACTIONS: CurationAction[] = ['PIN', 'UNPIN', 'FEATURE', 'UNFEATURE', 'LOCK', 'UNLOCK', 'HIDE', 'UNHIDE', 'MOVE', 'RETAG'];
const ORDERS: ThreadOrderBy[] = ['HOT', 'NEW', 'TOP', 'ACTIVE'];
const KINDS: ThreadKind[] = ['QUESTION', 'DISCUSSION'];
const PAGE_SIZE = 25;

const triState = (value: string | null) => (value === 'yes' ? true : value === 'no' ? false : undefined);

export function ThreadsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { params, setFilter } = useUrlFilters();
  const { committed: search, typed, setTyped } = useDebouncedParam('q');
  const orderBy = (params.get('order') as ThreadOrderBy | null) ?? 'NEW';
  const filter = {
    search: search || undefined,
    kind: (params.get('kind') as ThreadKind | null) ?? undefined,
    tags: params.get('tag') ? [params.get('tag') as string] : undefined,
    pinned: triState(params.get('pinned')),
    featured: triState(params.get('featured')),
    unanswered: params.get('unanswered') === 'yes' ? true : undefined,
  };
  const pages = useCursorPages();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const filterKey = JSON.stringify([filter, orderBy]);
  const { reset } = pages;
  useEffect(() => {
    reset();
    setSelected(new Set());
  }, [filterKey, reset]);
  useEffect(() => setSelected(new Set()), [pages.after]);

  const query = useQuery({
    queryKey: ['threads', filter, orderBy, pages.after],
    queryFn: () => call(THREADS, { first: PAGE_SIZE, after: pages.after, filter, orderBy }),
    placeholderData: keepPreviousData,
  });
  const threads = query.data?.threads.nodes ?? [];
  const titleOf = (id: string) => threads.find((th) => th.id === id)?.title ?? id;

  // Bulk parameters (kept when an action fails, so nothing typed is lost).
  const [action, setAction] = useState<CurationAction>('PIN');
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<PinScope | ''>('');
  const [tags, setTags] = useState('');
  const [course, setCourse] = useState<{ id: string; title: string } | null>(null);
  const [targetId, setTargetId] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);

  const run = useMutation({
    mutationFn: async (p: Pending): Promise<Outcome[]> => {
      if (p.kind === 'curate') {
        const { curateThreads } = await call(CURATE_THREADS, {
          input: {
            action: p.action,
            threadIds: p.ids,
            reason: reason.trim() || undefined,
            scope: scope || undefined,
            tags: p.action === 'RETAG' ? splitTags(tags) : undefined,
            courseId: p.action === 'MOVE' ? (course?.id ?? null) : undefined,
          },
        });
        return curateThreads.map((r) => ({ threadId: r.threadId, title: titleOf(r.threadId), error: r.error ?? undefined }));
      }
      if (p.kind === 'merge') await call(MERGE_THREADS, { fromId: p.id, intoId: p.targetId });
      else await call(CLOSE_AS_DUPLICATE, { threadId: p.id, ofThreadId: p.targetId });
      return [{ threadId: p.id, title: titleOf(p.id) }];
    },
    onSuccess: async (results) => {
      setPending(null);
      setOutcomes(results);
      if (results.every((r) => !r.error)) setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: ['threads'] });
    },
    onError: () => setPending(null),
  });

  const ask = (p: Pending) => {
    run.reset();
    setOutcomes(null);
    setPending(p);
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  // A refusal in the user's language when the code is one the console knows.
  const describe = (error: { code: string; message: string }) => {
    const known = knownCode(error.code);
    return known ? t(`errors.${known}`) : error.message;
  };
  const allSelected = threads.length > 0 && threads.every((th) => selected.has(th.id));
  const ids = [...selected];
  const missingParam = (action === 'RETAG' && splitTags(tags).length === 0) || ((action === 'LOCK' || action === 'HIDE') && !reason.trim());

  const confirmTitle = (p: Pending) =>
    p.kind === 'curate'
      ? t('threads.confirmBulk', { action: t(`threads.actions.${p.action}`), count: p.ids.length, n: format.number(p.ids.length) })
      : t(p.kind === 'merge' ? 'threads.confirmMerge' : 'threads.confirmDuplicate', { from: titleOf(p.id), into: titleOf(p.targetId) });

  return (
    <section aria-labelledby="threads-heading">
      <h2 id="threads-heading">{t('threads.heading')}</h2>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('threads.search')}</span>
          <input type="search" name="q" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
        <label>
          <span>{t('threads.tag')}</span>
          <input name="tag" value={params.get('tag') ?? ''} onChange={(e) => setFilter('tag', e.target.value.trim())} />
        </label>
        <label>
          <span>{t('threads.kind')}</span>
          <select name="kind" value={filter.kind ?? ''} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">{t('common.any')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`threads.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {(['pinned', 'featured'] as const).map((key) => (
          <label key={key}>
            <span>{t(`threads.${key}`)}</span>
            <select name={key} value={params.get(key) ?? ''} onChange={(e) => setFilter(key, e.target.value)}>
              <option value="">{t('common.any')}</option>
              <option value="yes">{t('common.yes')}</option>
              <option value="no">{t('common.no')}</option>
            </select>
          </label>
        ))}
        <label className="check">
          <input
            type="checkbox"
            name="unanswered"
            checked={filter.unanswered === true}
            onChange={(e) => setFilter('unanswered', e.target.checked ? 'yes' : '')}
          />
          <span>{t('threads.unanswered')}</span>
        </label>
        <label>
          <span>{t('threads.orderBy')}</span>
          <select name="order" value={orderBy} onChange={(e) => setFilter('order', e.target.value)}>
            {ORDERS.map((o) => (
              <option key={o} value={o}>
                {t(`threads.orders.${o}`)}
              </option>
            ))}
          </select>
        </label>
      </form>

      <form
        className="card bulk"
        aria-label={t('threads.bulk')}
        onSubmit={(e) => {
          e.preventDefault();
          if (ids.length && !missingParam) ask({ kind: 'curate', action, ids });
        }}
      >
        <strong data-testid="selected-count">{t('threads.selected', { n: format.number(ids.length) })}</strong>
        <label>
          <span>{t('threads.action')}</span>
          <select name="action" value={action} onChange={(e) => setAction(e.target.value as CurationAction)}>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`threads.actions.${a}`)}
              </option>
            ))}
          </select>
        </label>
        {action === 'PIN' && (
          <label>
            <span>{t('threads.scope')}</span>
            <select name="scope" value={scope} onChange={(e) => setScope(e.target.value as PinScope | '')}>
              <option value="">{t('threads.scopes.natural')}</option>
              <option value="GLOBAL">{t('threads.scopes.GLOBAL')}</option>
              <option value="COURSE">{t('threads.scopes.COURSE')}</option>
            </select>
          </label>
        )}
        {(action === 'LOCK' || action === 'HIDE') && (
          <label>
            <span>{t('threads.reason')}</span>
            <input name="reason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        )}
        {action === 'RETAG' && (
          <label>
            <span>{t('threads.newTags')}</span>
            <input name="tags" required value={tags} onChange={(e) => setTags(e.target.value)} />
          </label>
        )}
        {action === 'MOVE' && <CoursePicker value={course} onChange={setCourse} />}
        <button type="submit" className="primary" disabled={ids.length === 0 || missingParam || run.isPending}>
          {t('threads.apply')}
        </button>
        {ids.length === 1 && (
          <span className="merge">
            <label>
              <span>{t('threads.target')}</span>
              <select name="target" value={targetId} onChange={(e) => setTargetId(e.target.value)}>
                <option value="">—</option>
                {threads
                  .filter((th) => th.id !== ids[0] && !th.deletedAt)
                  .map((th) => (
                    <option key={th.id} value={th.id}>
                      {th.title}
                    </option>
                  ))}
              </select>
            </label>
            <button type="button" disabled={!targetId} onClick={() => ask({ kind: 'merge', id: ids[0], targetId })}>
              {t('threads.merge')}
            </button>
            <button type="button" disabled={!targetId} onClick={() => ask({ kind: 'duplicate', id: ids[0], targetId })}>
              {t('threads.closeAsDuplicate')}
            </button>
          </span>
        )}
      </form>

      {run.error != null && <ErrorNotice error={run.error} />}
      {outcomes && (
        <div className="notice" role="status" data-testid="curation-results">
          <p>
            {t('threads.results', {
              ok: format.number(outcomes.filter((o) => !o.error).length),
              failed: format.number(outcomes.filter((o) => o.error).length),
            })}
          </p>
          <ul>
            {outcomes.map((o) => (
              <li key={o.threadId} data-ok={!o.error}>
                {o.error ? '✗' : '✓'} {o.title}
                {o.error && ` — ${describe(o.error)}`}
              </li>
            ))}
          </ul>
        </div>
      )}

      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={threads.length === 0}
        emptyText={t('threads.empty')}
        onRetry={() => void query.refetch()}
      >
        <table className="list" aria-busy={query.isFetching} data-testid="threads">
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label={t('threads.selectAll')}
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(threads.map((th) => th.id)))}
                />
              </th>
              <th scope="col">{t('threads.title')}</th>
              <th scope="col">{t('threads.state')}</th>
              <th scope="col">{t('threads.author')}</th>
              <th scope="col" className="num">
                {t('threads.score')}
              </th>
              <th scope="col" className="num">
                {t('threads.answers')}
              </th>
              <th scope="col">{t('threads.created')}</th>
            </tr>
          </thead>
          <tbody>
            {threads.map((th) => (
              <tr key={th.id} data-thread-id={th.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('threads.select', { title: th.title })}
                    checked={selected.has(th.id)}
                    onChange={() => toggle(th.id)}
                  />
                </td>
                <td>
                  {th.title}
                  {th.course && <span className="muted"> · {th.course.title}</span>}
                  {th.tags.length > 0 && <span className="muted"> · {th.tags.join(', ')}</span>}
                </td>
                <td>
                  <ThreadState thread={th} />
                </td>
                <td>@{th.author.username}</td>
                <td className="num">{format.number(th.score)}</td>
                <td className="num">{format.number(th.answerCount)}</td>
                <td>{format.date(th.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager pages={pages} pageInfo={query.data?.threads.pageInfo} label={t('threads.heading')} />
      </QueryState>

      <ConfirmDialog
        open={pending != null}
        title={pending ? confirmTitle(pending) : ''}
        destructive={pending?.kind !== 'curate' || pending.action === 'HIDE' || pending.action === 'LOCK'}
        busy={run.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => pending && run.mutate(pending)}
      />
    </section>
  );
}

function splitTags(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function ThreadState({ thread }: { thread: Thread }) {
  const { t } = useTranslation();
  const states = [
    thread.pinnedAt && t('threads.states.pinned'),
    thread.featuredAt && t('threads.states.featured'),
    thread.isLocked && t('threads.states.locked'),
    thread.hidden && t('threads.states.hidden'),
    thread.deletedAt && t('threads.states.deleted'),
  ].filter(Boolean) as string[];
  return (
    <span className="states" data-testid="thread-state">
      {states.map((s) => (
        <span key={s} className="badge">
          {s}
        </span>
      ))}
    </span>
  );
}
