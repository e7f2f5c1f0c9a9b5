// Picks a course by searching its title (for moving threads); empty means community-wide.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../gql/api';
import { graphql } from '../../gql/generated';

const COURSE_SEARCH = graphql(`
  query AdminCourseSearch($search: String!) {
    courses(first: 10, filter: { search: $search }) {
      nodes {
        id
        title
      }
    }
  }
`);

export function CoursePicker({
  value,
  onChange,
}: {
  value: { id: string; title: string } | null;
  onChange: (course: { id: string; title: string } | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const query = useQuery({
    queryKey: ['courseSearch', search],
    queryFn: () => call(COURSE_SEARCH, { search }),
    enabled: search.trim().length > 1,
  });
  return (
    <>
      <label>
        <span>{t('threads.courseSearch')}</span>
        <input name="courseSearch" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <label>
        <span>{t('threads.moveTo')}</span>
        <select
          name="course"
          value={value?.id ?? ''}
          onChange={(e) => {
            const course = query.data?.courses.nodes.find((c) => c.id === e.target.value);
            onChange(course ? { id: course.id, title: course.title } : null);
          }}
        >
          <option value="">{t('threads.communityWide')}</option>
          {value && !query.data?.courses.nodes.some((c) => c.id === value.id) && <option value={value.id}>{value.title}</option>}
          {query.data?.courses.nodes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
