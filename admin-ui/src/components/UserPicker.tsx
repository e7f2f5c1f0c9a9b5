// Picks a user by searching names (optionally of one role); empty means anyone.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../gql/api';
import { graphql } from '../gql/generated';
import type { UserRole } from '../gql/generated/graphql';

const USER_SEARCH = graphql(`
  query AdminUserSearch($search: String!, $role: UserRole) {
    users(first: 10, filter: { search: $search, role: $role }) {
      nodes {
        id
        username
        displayName
      }
    }
  }
`);

export interface PickedUser {
  id: string;
  username: string;
}

export function UserPicker({
  label,
  role,
  value,
  onChange,
}: {
  label: string;
  role?: UserRole;
  value: PickedUser | null;
  onChange: (user: PickedUser | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const query = useQuery({
    queryKey: ['userSearch', search, role],
    queryFn: () => call(USER_SEARCH, { search, role }),
    enabled: search.trim().length > 1,
  });
  const found = query.data?.users.nodes ?? [];
  return (
    <>
      <label>
        <span>{t('common.findUser', { label })}</span>
        <input type="search" name={`${label}-search`} value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <label>
        <span>{label}</span>
        <select
          name={label}
          value={value?.id ?? ''}
          onChange={(e) => {
            const user = found.find((u) => u.id === e.target.value);
            onChange(user ? { id: user.id, username: user.username } : null);
          }}
        >
          <option value="">{t('common.any')}</option>
          {value && !found.some((u) => u.id === value.id) && <option value={value.id}>@{value.username}</option>}
          {found.map((u) => (
            <option key={u.id} value={u.id}>
              @{u.username} ({u.displayName})
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
